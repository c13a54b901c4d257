import { randomUUID } from "node:crypto";
import path from "node:path";
import fastifyCompress from "@fastify/compress";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { DomainError } from "../domain/shared/errors.js";
import type { RouteGuard } from "./access/roles.js";
import { registerAccessRoutes } from "./access/routes.js";
import { registerAllocationRoutes } from "./allocation/routes.js";
import { registerAuditRoutes } from "./audit/routes.js";
import { registerBillingRoutes } from "./billing/routes.js";
import { registerMessagingRoutes } from "./messaging/routes.js";
import { registerOrgRoutes } from "./orgs/routes.js";
import { registerPlacesRoutes } from "./places/routes.js";
import { registerPlanningRoutes } from "./planning/routes.js";
import type { Config } from "./platform/config.js";
import { refuseControlCharacters } from "./platform/control-characters.js";
import type { Database } from "./platform/db.js";
import { loggableError, sendProblem } from "./platform/errors.js";
import { makeGuard, settleLocaleForError } from "./platform/guard.js";
import { registerHealthRoutes } from "./platform/health.js";
import { localeAsked, localeFromHeader } from "./platform/i18n.js";
import { webDistDir, webIsBuilt } from "./platform/paths.js";
import { registerRequestReplay } from "./platform/replay.js";
import { registerRegistryRoutes } from "./registry/routes.js";
import { registerMeasurementRoutes } from "./water/measurement-routes.js";
import { registerNetworkDrawingRoutes } from "./water/network-drawing-routes.js";
import { registerNetworkRoutes } from "./water/network-routes.js";
import { registerWaterUserFileRoutes } from "./water/users-file-routes.js";
import { registerWaterUserRoutes } from "./water/users-routes.js";

export interface AppDeps {
  database: Database;
  config: Config;
  /** Where logs go (default stdout); tests read it to prove that no secret is logged. */
  logStream?: NodeJS.WritableStream;
}

/** A route as registered, with its guard: the access and isolation tests walk this list. */
export interface RouteInfo {
  method: string;
  url: string;
  guard: RouteGuard | undefined;
}

/** The app as areas see it when they register routes: zod schemas type the handlers. */
export type RouteApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

const REQUEST_ID = /^[A-Za-z0-9._-]{8,80}$/;
/** The web app's files whose names carry their content's hash (Vite's assets/). */
const hashedAssetsDir = path.join(webDistDir, "assets") + path.sep;

/** Assembles the service: platform plugins, the areas' routes, and the web app. */
export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      ...(deps.logStream ? { stream: deps.logStream } : {}),
      // Secrets never reach the log, whatever logs a request.
      redact: {
        paths: [
          "req.headers.authorization",
          "req.headers.cookie",
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          "*.password",
          "*.token",
          "*.pin",
        ],
        censor: "[redacted]",
      },
    },
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 25 * 1024 * 1024,
    // The router's default (100 characters a parameter) answered a long verification code, mistyped
    // or cut wrong from a scan, as a page that is not there; the route says "unknown" itself.
    routerOptions: { maxParamLength: 1000 },
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorateRequest("ctx", null as never);
  app.decorateRequest("auth", null);
  app.decorateRequest("authRead", false);
  app.addHook("onRequest", async (request, reply) => {
    request.ctx = {
      requestId: request.id,
      locale: localeFromHeader(request.headers["accept-language"]),
      client: "browser",
      actor: null,
    };
    reply.header("x-request-id", request.id);
    // An API caller's `?lang=` (see localeAsked); the web app's pages are the browser's.
    if (request.url.startsWith("/api/"))
      request.ctx.locale = localeAsked(request.query) ?? request.ctx.locale;
  });

  const routeTable: RouteInfo[] = [];
  app.decorate("routeTable", routeTable);
  // A route without a guard is a bug that would leak data: refuse to start with one.
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) {
      if (method !== "HEAD") routeTable.push({ method, url: route.url, guard: route.config?.guard });
    }
    const url = route.url;
    const isApi = url.startsWith("/api/") || url === "/healthz";
    const isDocs = url.startsWith("/api/docs") || url === "/api/openapi.json";
    if (isApi && !isDocs && !route.config?.guard) {
      throw new Error(`route ${route.method} ${url} has no guard`);
    }
  });
  // Before validation: an anonymous or unauthorised caller learns nothing, not even the schema.
  app.addHook("preValidation", makeGuard(deps.database, deps.config));
  app.addHook("preValidation", refuseControlCharacters);
  registerRequestReplay(app, deps.database);

  // An error raised before the guard read the session is answered in the user's language too.
  const settleLocale = (request: FastifyRequest) =>
    settleLocaleForError(request, deps.database).catch((error: unknown) => {
      // The error being answered matters more than its language: it goes in the header's.
      request.log.warn({ err: loggableError(error) }, "saved language not read for an error");
    });
  app.setErrorHandler(async (error, request, reply) => {
    await settleLocale(request);
    return sendProblem(request, reply, error);
  });
  app.setNotFoundHandler(async (request, reply) => {
    // The app's own routes get its page; a script asked for under /assets/ that this version does
    // not have (a tab opened before an upgrade) gets 404, which the app answers by reloading,
    // not a page of HTML its browser would refuse as a script.
    const isAppRoute = !request.url.startsWith("/api/") && !request.url.startsWith("/assets/");
    if (request.method === "GET" && isAppRoute && webIsBuilt()) {
      return reply.sendFile("index.html");
    }
    await settleLocale(request);
    return sendProblem(request, reply, new DomainError("notFound.route"));
  });

  await app.register(fastifyCookie);
  // A clerk's link is slow: answers (JSON, the app's scripts) go compressed when the browser takes
  // it. Registered before the routes, whose onSend it extends; request replay reads the answer
  // before it is compressed (application hooks run before route hooks).
  await app.register(fastifyCompress, { encodings: ["br", "gzip"], threshold: 1024 });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Aimak API",
        version: "0.1.0",
        description:
          "Household register of rural municipalities and water management of Water Users Associations. " +
          "Errors are application/problem+json. Browser sessions send the X-CSRF-Token header on mutations; " +
          "machine clients use a personal API token as `Authorization: Bearer aimak_…`. " +
          "A change (POST, PUT, PATCH, DELETE) sent with an `Idempotency-Key` header (8–100 letters, digits, `.`, `_`, `:`, `-`) and repeated " +
          "with the same key and body within a day gets the first answer again (`Idempotent-Replayed: true`) " +
          "instead of being done twice. " +
          "Messages come in the language `?lang=` names on any request to /api/ (ky, ru, uz, tg or en); without it, " +
          "in the signed-in user's saved language, and for an anonymous caller in the one Accept-Language prefers. " +
          "A call an X-Road (Tunduk) security server hands on with an API token carries X-Road-Client " +
          "(INSTANCE/CLASS/MEMBER[/SUBSYSTEM]) and, optionally, X-Road-Service, X-Road-Id, X-Road-UserId, X-Road-Issue and " +
          "X-Road-Represented-Party: the audit record of every change it makes keeps them (GET /api/audit?xroadClient=); " +
          "a malformed one is refused (validation.xroadHeader, validation.xroadText) and nothing is done.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "aimak_session" },
          apiToken: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { apiToken: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const routeApp: RouteApp = app;
  registerHealthRoutes(routeApp, deps);
  registerAccessRoutes(routeApp, deps);
  registerOrgRoutes(routeApp, deps);
  registerPlacesRoutes(routeApp, deps);
  registerAuditRoutes(routeApp, deps);
  registerMessagingRoutes(routeApp, deps);
  registerRegistryRoutes(routeApp, deps);
  registerAllocationRoutes(routeApp, deps);
  registerMeasurementRoutes(routeApp, deps);
  registerBillingRoutes(routeApp, deps);
  registerPlanningRoutes(routeApp, deps);
  registerNetworkRoutes(routeApp, deps);
  registerNetworkDrawingRoutes(routeApp, deps);
  registerWaterUserRoutes(routeApp, deps);
  registerWaterUserFileRoutes(routeApp, deps);

  if (webIsBuilt()) {
    await app.register(fastifyStatic, {
      root: webDistDir,
      // Files are looked up when asked for, not listed at start: a build made while the service
      // runs is served at once, and a file not there falls to the not-found handler above.
      wildcard: true,
      index: "index.html",
      // Files under assets/ carry their content's hash in the name: a browser keeps them for good
      // and fetches nothing on the next visit; index.html (and the app's routes) is asked again.
      cacheControl: false,
      setHeaders: (reply, filePath) =>
        reply.header(
          "cache-control",
          filePath.startsWith(hashedAssetsDir) ? "public, max-age=31536000, immutable" : "no-cache",
        ),
    });
  }
  return app;
}
