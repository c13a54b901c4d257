import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import argon2 from "argon2";

// OWASP's argon2id minimum (19 MiB, 2 iterations, 1 lane): safe, and fast enough on an old office PC.
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, ARGON2_OPTIONS);
export const verifyPassword = (hash: string, password: string) => argon2.verify(hash, password);

/** A random secret for a cookie, CSRF token or API token (256 bits, URL-safe). */
export const randomSecret = () => randomBytes(32).toString("base64url");

/** Only hashes of session and API tokens are stored: a leaked table gives no way in. */
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// A fixed hash to verify against when the username is unknown, so timing does not reveal which
// usernames exist.
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomSecret());
  return dummyHash;
}
