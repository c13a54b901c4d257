import type { FastifyRequest } from "fastify";
import { DomainError } from "../../domain/shared/errors.js";

/**
 * The C0 control characters but tab, line feed and carriage return, and DEL: never text a person
 * typed. PostgreSQL refuses U+0000 in text and jsonb (a 500 at the insert, before), and the others
 * would reach a certificate, a PDF or an SMS as they came.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The path of the first text (or key) in `value` that holds a control character, if any. */
function controlCharacterAt(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === "string") return CONTROL_CHARACTER.test(value) ? path : null;
  // An upload's bytes (a Buffer) are the file's own, read by the file's reader.
  if (typeof value !== "object" || value === null || Buffer.isBuffer(value)) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (CONTROL_CHARACTER.test(key)) return [...path, key];
    const found = controlCharacterAt(inner, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses a request whose body, query or path holds a control character, as a field of it (before
 * its schema is checked, so for every route alike), in the caller's language; nothing is done.
 */
export async function refuseControlCharacters(request: FastifyRequest) {
  const parts = [
    ["body", request.body],
    ["querystring", request.query],
    ["params", request.params],
  ] as const;
  for (const [part, value] of parts) {
    const path = controlCharacterAt(value);
    if (path)
      throw new DomainError("validation.fields", {}, [
        { path: part === "body" ? path : [part, ...path], code: "controlCharacter" },
      ]);
  }
}
