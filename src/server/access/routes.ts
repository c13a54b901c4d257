import { z } from "zod";
import type { AppDeps, RouteApp } from "../app.js";
import { authenticate, CSRF_HEADER, SESSION_COOKIE } from "../platform/guard.js";
import {
  instantInputSchema,
  instantSchema,
  localeSchema,
  localizedOutSchema,
  okSchema,
  uuidSchema,
  versionSchema,
} from "../platform/schemas.js";
import { authenticateSession, login, logout, logoutEverywhere, switchOrganisation } from "./auth.js";
import { permissionsOf, ROLES } from "./roles.js";
import { sessionView, updateOwnSettings } from "./session-view.js";
import {
  addExistingUser,
  createToken,
  createUser,
  getUser,
  listOwnTokens,
  listUsers,
  revokeToken,
  updateUser,
} from "./users.js";

const roleSchema = z.enum(ROLES);
const passwordSchema = z.string().min(8).max(200);
const usernameSchema = z
  .string()
  .min(3)
  .max(60)
  .regex(/^[a-zA-Z0-9._-]+$/, "usernameChars");

const userSchema = z
  .object({
    id: uuidSchema,
    username: z.string(),
    displayName: z.string(),
    locale: localeSchema,
    roles: z.array(roleSchema),
    disabledAt: instantSchema.nullable(),
    lockedUntil: instantSchema.nullable(),
    version: z.number().int(),
    createdAt: instantSchema,
    managedHere: z
      .boolean()
      .describe(
        "whether this organisation is the login's home, whose administrator alone sets its name, language, password and disabling",
      ),
  })
  .meta({ id: "User" });

const sessionSchema = z
  .object({
    user: z.object({ id: uuidSchema, username: z.string(), displayName: z.string(), locale: localeSchema }),
    organisations: z.array(
      z.object({
        id: uuidSchema,
        kind: z.string(),
        name: localizedOutSchema,
        timeZone: z.string().describe("IANA zone of the organisation's local days and clock"),
        area: z
          .enum(["district", "oblast", "country"])
          .nullable()
          .describe("an office's reach: a district's municipalities, an oblast's, or the whole country"),
        roles: z.array(roleSchema),
      }),
    ),
    activeOrgId: uuidSchema.nullable(),
    roles: z.array(roleSchema),
    permissions: z.array(z.string()),
    csrfToken: z.string().nullable().describe(`send as ${CSRF_HEADER} on every mutation`),
  })
  .meta({ id: "Session" });

const tokenSchema = z
  .object({
    id: uuidSchema,
    name: z.string(),
    role: z.string(),
    prefix: z.string(),
    createdAt: instantSchema,
    expiresAt: instantSchema.nullable(),
    lastUsedAt: instantSchema.nullable(),
    revokedAt: instantSchema.nullable(),
  })
  .meta({ id: "ApiToken" });

export function registerAccessRoutes(app: RouteApp, { database, config }: AppDeps) {
  const cookieOptions = {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config.secureCookies,
  };

  app.post(
    "/api/auth/login",
    {
      config: { guard: "public", holdsSecret: true },
      schema: {
        tags: ["auth"],
        summary: "Log in with username and password; sets the session cookie",
        body: z.object({ username: z.string().min(1).max(60), password: z.string().min(1).max(200) }),
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const created = await login(
        database,
        request.ctx,
        { ...request.body, userAgent: request.headers["user-agent"] },
        config.sessionHours,
      );
      reply.setCookie(SESSION_COOKIE, created.token, { ...cookieOptions, expires: created.expiresAt });
      return sessionView(
        database,
        (await authenticateSession(database, created.token, config.sessionHours))!,
      );
    },
  );

  app.get(
    "/api/auth/session",
    {
      config: { guard: "signed-in" },
      schema: {
        tags: ["auth"],
        summary: "Who is signed in, their organisations and roles",
        response: { 200: sessionSchema },
      },
    },
    async (request) => sessionView(database, request.auth!),
  );

  app.post(
    "/api/auth/organisation",
    {
      config: { guard: "signed-in", holdsSecret: true },
      schema: {
        tags: ["auth"],
        summary: "Choose the organisation to work for",
        body: z.object({ orgId: uuidSchema }),
        response: { 200: sessionSchema },
      },
    },
    async (request) => {
      const auth = request.auth!;
      if (!auth.sessionTokenHash) return sessionView(database, auth); // an API token is bound to one organisation
      await switchOrganisation(database, auth.sessionTokenHash, auth.userId, request.body.orgId);
      return sessionView(database, (await authenticate(request, database, config))!);
    },
  );

  app.post(
    "/api/auth/logout",
    {
      config: { guard: "signed-in" },
      schema: { tags: ["auth"], summary: "End this session", response: { 200: okSchema } },
    },
    async (request, reply) => {
      if (request.auth?.sessionTokenHash) {
        await logout(database, request.ctx, request.auth.sessionTokenHash, request.auth.userId);
      }
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  );

  app.post(
    "/api/auth/logout-everywhere",
    {
      config: { guard: "signed-in" },
      schema: {
        tags: ["auth"],
        summary: "End every session of this user, on every device",
        response: { 200: okSchema },
      },
    },
    async (request, reply) => {
      await logoutEverywhere(database, request.ctx, request.auth!.userId);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true as const };
    },
  );

  app.patch(
    "/api/me",
    {
      config: { guard: "signed-in", holdsSecret: true },
      schema: {
        tags: ["auth"],
        summary: "Change one's own language, name or password",
        body: z
          .object({
            locale: localeSchema.optional(),
            displayName: z.string().min(1).max(200).optional(),
            password: z.object({ current: z.string(), next: passwordSchema }).optional(),
          })
          .strict(),
        response: { 200: sessionSchema },
      },
    },
    async (request) => {
      await updateOwnSettings(database, request.ctx, request.auth!.userId, request.body);
      return sessionView(database, (await authenticate(request, database, config))!);
    },
  );

  app.get(
    "/api/users",
    {
      config: { guard: "users.read" },
      schema: {
        tags: ["users"],
        summary: "Users of the organisation with their roles",
        response: { 200: z.array(userSchema) },
      },
    },
    async (request) => listUsers(database, request.ctx),
  );

  app.post(
    "/api/users",
    {
      config: { guard: "users.manage", holdsSecret: true },
      schema: {
        tags: ["users"],
        summary: "Create a user with roles in this organisation",
        body: z.object({
          username: usernameSchema,
          displayName: z.string().min(1).max(200),
          password: passwordSchema,
          locale: localeSchema.default("ky"),
          roles: z.array(roleSchema).min(1),
        }),
        response: { 201: userSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(database, request.ctx, request.body)),
  );

  app.post(
    "/api/users/existing",
    {
      config: { guard: "users.manage" },
      schema: {
        tags: ["users"],
        summary: "Give a login of another organisation roles here, by its username",
        description:
          "The login stays its home organisation's to manage (name, language, password, disabling); here it gets only these roles.",
        body: z.object({ username: usernameSchema, roles: z.array(roleSchema).min(1) }),
        response: { 201: userSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addExistingUser(database, request.ctx, request.body)),
  );

  app.get(
    "/api/users/:userId",
    {
      config: { guard: "users.read" },
      schema: { tags: ["users"], params: z.object({ userId: uuidSchema }), response: { 200: userSchema } },
    },
    async (request) => getUser(database, request.ctx, request.params.userId),
  );

  app.patch(
    "/api/users/:userId",
    {
      config: { guard: "users.manage", holdsSecret: true },
      schema: {
        tags: ["users"],
        summary:
          "Edit a user: roles here; name, language, disabling, a new password where the login is at home",
        description:
          "Where the login is not at home, only its roles here change, and no roles at all takes it out of this organisation.",
        params: z.object({ userId: uuidSchema }),
        body: z
          .object({
            version: versionSchema,
            displayName: z.string().min(1).max(200).optional(),
            locale: localeSchema.optional(),
            disabled: z.boolean().optional(),
            roles: z.array(roleSchema).optional(),
            password: passwordSchema.optional(),
          })
          .strict(),
        response: { 200: userSchema },
      },
    },
    async (request) => updateUser(database, request.ctx, request.params.userId, request.body),
  );

  app.get(
    "/api/tokens",
    {
      config: { guard: "tokens.manage" },
      schema: {
        tags: ["tokens"],
        summary: "One's own API tokens in this organisation",
        response: { 200: z.array(tokenSchema) },
      },
    },
    async (request) => listOwnTokens(database, request.ctx),
  );

  app.post(
    "/api/tokens",
    {
      config: { guard: "tokens.manage", holdsSecret: true },
      schema: {
        tags: ["tokens"],
        summary:
          "Create a personal API token for this organisation and one of one's roles; the secret is shown once",
        body: z.object({
          name: z.string().min(1).max(100),
          role: roleSchema,
          expiresAt: instantInputSchema
            .nullable()
            .describe("when the token stops working, later than now; null or left out: never (until revoked)")
            .default(null),
        }),
        response: { 201: tokenSchema.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await createToken(database, request.ctx, request.body)),
  );

  app.delete(
    "/api/tokens/:tokenId",
    {
      config: { guard: "tokens.manage" },
      schema: {
        tags: ["tokens"],
        summary: "Revoke a token",
        params: z.object({ tokenId: uuidSchema }),
        response: { 200: tokenSchema },
      },
    },
    async (request) => revokeToken(database, request.ctx, request.params.tokenId),
  );

  app.get(
    "/api/roles",
    {
      config: { guard: "signed-in" },
      schema: {
        tags: ["users"],
        summary: "The role table: what each role may do",
        response: { 200: z.array(z.object({ role: roleSchema, permissions: z.array(z.string()) })) },
      },
    },
    async () =>
      ROLES.map((role) => ({
        role,
        permissions: permissionsOf([role]),
      })),
  );
}
