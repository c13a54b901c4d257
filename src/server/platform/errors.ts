import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Locale } from "../../domain/places/units.js";
import { DomainError, type FieldIssue } from "../../domain/shared/errors.js";
import { hasTranslation, translate } from "./i18n.js";
import { isDatabaseUnreachable, isStatementCancelled } from "./pg-errors.js";

/** HTTP status of a domain error code: the one place where domain meets HTTP. */
const STATUS_RULES: [prefix: string, status: number][] = [
  ["validation", 400],
  ["auth.locked", 423],
  ["auth.csrf", 403],
  ["auth.organisationRequired", 403],
  ["auth.wrongCurrentPassword", 422],
  ["auth", 401],
  ["forbidden", 403],
  ["users.managedElsewhere", 403],
  ["registry.book.keptByMunicipality", 403],
  ["notFound", 404],
  // Gone, not missing: the id was a person's and never will be again; the body names the record
  // it was merged into (see loadPerson), and a client that knows only the status still stops.
  ["registry.personMerged", 410],
  ["conflict", 409],
  ["payloadTooLarge", 413],
  ["rateLimited", 429],
  ["internal", 500],
  ["unavailable", 503],
  ["timedOut", 503],
];

export function statusOf(code: string): number {
  for (const [prefix, status] of STATUS_RULES) {
    if (code === prefix || code.startsWith(`${prefix}.`)) return status;
  }
  return 422; // a business rule said no
}

// Registered by id, so the published OpenAPI document describes every error body.
export const problemSchema = z
  .object({
    type: z.string().describe("stable identifier of the kind of problem: urn:aimak:problem:<code>"),
    code: z.string(),
    title: z.string().describe("human message in the request's language"),
    status: z.number().int(),
    instance: z.string().describe("request id, for support"),
    errors: z
      .array(z.object({ path: z.string(), code: z.string(), message: z.string() }))
      .optional()
      .describe("field-level details of a validation error"),
    household: z
      .object({ id: z.string(), number: z.number().int() })
      .optional()
      .describe("the household a refusal names, for a client to open its card"),
    mergedInto: z
      .object({ id: z.string(), name: z.string() })
      .optional()
      .describe("the record a merged person's id now lives on as, for a client to open instead"),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof problemSchema>;

export function problemFor(
  error: DomainError,
  locale: Locale,
  requestId: string,
): { status: number; body: Problem } {
  const status = statusOf(error.code);
  const body: Problem = {
    type: `urn:aimak:problem:${error.code}`,
    code: error.code,
    title: translate(locale, `errors.${error.code}`, error.params),
    status,
    instance: requestId,
  };
  if (error.fields.length > 0) body.errors = error.fields.map((f) => fieldMessage(f, locale));
  const { householdId, household } = error.params;
  if (typeof householdId === "string" && typeof household === "number")
    body.household = { id: householdId, number: household };
  const { mergedIntoId, mergedInto } = error.params;
  if (typeof mergedIntoId === "string" && typeof mergedInto === "string")
    body.mergedInto = { id: mergedIntoId, name: mergedInto };
  return { status, body };
}

function fieldMessage(issue: FieldIssue, locale: Locale) {
  return {
    path: issue.path.join("."),
    code: issue.code,
    message: translate(locale, `errors.field.${issue.code}`, issue.params ?? {}),
  };
}

/**
 * Turns whatever was thrown into a DomainError; unknown errors become "internal" and are logged.
 * The request, when given, is read for what a refused field held: one left out is "required".
 */
export function toDomainError(error: unknown, request?: FastifyRequest): DomainError {
  if (error instanceof DomainError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new DomainError(
      "validation.fields",
      {},
      error.validation.map((v) => {
        // A schema may name a catalog key as its message (e.g. "usernameChars") for a precise text.
        const named = hasTranslation("en", `errors.field.${v.message}`) ? v.message : null;
        const where = v.instancePath.split("/").filter(Boolean);
        // A body's field is named as the service's own refusals name it ("members.0.person.pin"),
        // so a form maps both the same way; a query's or a path's parameter says which it is.
        const part = error.validationContext ?? "body";
        const leftOut =
          v.keyword === "invalid_type" &&
          request !== undefined &&
          valueAt(part === "querystring" ? request.query : request[part], where) === undefined;
        return {
          path: part === "body" ? where : [part, ...where],
          code: named ?? (leftOut || leftEmpty(v.keyword, v.params) ? "required" : v.keyword),
          params: issueParams(v.params),
        };
      }),
    );
  }
  const fastifyError = error as Partial<FastifyError>;
  if (
    fastifyError.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
    fastifyError.code === "FST_ERR_CTP_EMPTY_JSON_BODY"
  ) {
    return new DomainError("validation.body");
  }
  if (fastifyError.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return new DomainError("validation.mediaType");
  if (fastifyError.code === "FST_ERR_CTP_BODY_TOO_LARGE") return new DomainError("payloadTooLarge");
  if (fastifyError.statusCode === 404) return new DomainError("notFound.route");
  if (fastifyError.statusCode === 429) return new DomainError("rateLimited");
  // Asking again may be answered: 503, not a fault of ours (500).
  if (isDatabaseUnreachable(error)) return new DomainError("unavailable");
  // A statement stopped at the statement timeout (or by an administrator's pg_cancel_backend): its
  // transaction rolled back, so nothing changed, and asking again, or for less, may be answered.
  if (isStatementCancelled(error)) return new DomainError("timedOut");
  return new DomainError("internal");
}

/**
 * A text that must be written and came empty, or only spaces (trimmed away before the check): said
 * as "fill this in", not as zod's "too short (minimum 1)".
 */
function leftEmpty(keyword: string, issue: Record<string, unknown>): boolean {
  return keyword === "too_small" && issue.origin === "string" && Number(issue.minimum) === 1;
}

/** What a request's body, query or path held at a field's path; undefined when it held nothing there. */
function valueAt(input: unknown, path: string[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function issueParams(issue: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if ("minimum" in issue) out.minimum = Number(issue.minimum);
  if ("maximum" in issue) out.maximum = Number(issue.maximum);
  if ("expected" in issue && typeof issue.expected === "string") out.expected = issue.expected;
  if ("format" in issue && typeof issue.format === "string") out.format = issue.format;
  return out;
}

/**
 * An error as it may be logged: database errors carry the failed query's parameters (password
 * hashes, PINs, names), so only the SQL text, the SQLSTATE and the stack frames are kept.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const strip = (text: string) => text.split("\nparams:")[0]!;
  const cause = error.cause instanceof Error ? error.cause : null;
  return {
    type: error.name,
    message: strip(error.message),
    code: (error as { code?: unknown }).code ?? (cause as { code?: unknown } | null)?.code,
    cause: cause ? strip(cause.message) : undefined,
    stack: error.stack
      ? strip(error.stack)
          .split("\n")
          .filter((l) => l.trimStart().startsWith("at "))
          .join("\n")
      : undefined,
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const domainError = toDomainError(error, request);
  if (domainError.code === "internal" || isResponseSerializationError(error)) {
    request.log.error({ err: loggableError(error) }, "unhandled error");
  } else if (domainError.code === "unavailable") {
    request.log.warn({ err: loggableError(error) }, "database unavailable");
  } else if (domainError.code === "timedOut") {
    // The statement's text is in the log, for whoever finds out why it ran so long.
    request.log.warn({ err: loggableError(error) }, "statement stopped at the statement timeout");
  }
  const { status, body } = problemFor(domainError, request.ctx.locale, request.id);
  return reply.status(status).type("application/problem+json").send(body);
}
