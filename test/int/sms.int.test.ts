import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChains } from "../../src/server/audit/service.js";
import { auditEvent } from "../../src/server/audit/tables.js";
import { httpGateway, type SmsGateway } from "../../src/server/messaging/gateway.js";
import {
  deliverDueMessages,
  deliverEverythingDue,
  RETRY_DELAYS_MINUTES,
  SMS_BATCH,
} from "../../src/server/messaging/outbox.js";
import { smsMessage } from "../../src/server/messaging/tables.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { applyMigration, login, seedOrganisation, startTestApp, type TestApp } from "../support/app.js";

/** A real HTTP SMS gateway on localhost that can be told to fail. */
function fakeGateway() {
  const received: { to: string; text: string; reference: string; auth: string | undefined }[] = [];
  let failNext = 0;
  let refuse = false;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (refuse) {
      res.writeHead(400).end("unknown subscriber");
      return;
    }
    if (failNext > 0) {
      failNext--;
      res.writeHead(503).end("busy");
      return;
    }
    received.push({ ...body, auth: req.headers.authorization });
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ id: `gw-${received.length}` }));
  });
  return {
    received,
    failTimes: (n: number) => {
      failNext = n;
    },
    refuseAll: (on: boolean) => {
      refuse = on;
    },
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/send`),
        ),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("the SMS outbox", () => {
  let t: TestApp;
  const gateway = fakeGateway();
  let url: string;
  let accountant: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    t = await startTestApp();
    url = await gateway.start();
    const wua = await seedOrganisation(t.database, {
      kind: "water-provider",
      providerType: "wua",
      users: { acc: ["accountant"] },
    });
    accountant = await login(t.app, wua.users.acc!.username);
  });
  afterAll(async () => {
    await gateway.stop();
    await t.close();
  });

  it("queues a message with a normalised number and its segment count, once per idempotency key", async () => {
    const body = {
      to: "0555 12 34 56",
      body: "Сугаруу кезегиңиз: 12-июль, 06:00–09:30",
      idempotencyKey: "turn-1",
    };
    const first = await accountant.post("/api/sms", body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ toPhone: "+996555123456", segments: 1, status: "queued" });
    const again = await accountant.post("/api/sms", body);
    expect(again.json().id).toBe(first.json().id);
    // Uzbek in Latin letters goes with the apostrophe phones type: 160 characters a segment, not 70.
    const latin = await accountant.post("/api/sms", {
      to: "0555 12 34 57",
      locale: "uz-Latn",
      body: "Sugʻorish navbatingiz: 12-iyul, 06:00-09:30. Toʻlov qabul qilindi, qarzingiz yoʻq. Maʼlumot uchun idoraga keling",
    });
    expect(latin.statusCode, latin.body).toBe(201);
    expect(latin.json()).toMatchObject({
      locale: "uz-Latn",
      body: "Sug'orish navbatingiz: 12-iyul, 06:00-09:30. To'lov qabul qilindi, qarzingiz yo'q. Ma'lumot uchun idoraga keling",
      segments: 1,
    });
    const bad = await accountant.post("/api/sms", { to: "12345", body: "x" });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe("phone.invalid");

    // One phone's messages, the number written as people write it.
    const toOne = (await accountant.get(`/api/sms?to=${encodeURIComponent("0555 12 34 56")}`)).json().items;
    expect(toOne.map((m: { id: string }) => m.id)).toEqual([first.json().id]);
    const wrongNumber = await accountant.get("/api/sms?to=12345x");
    expect(wrongNumber.statusCode).toBe(422);
    expect(wrongNumber.json().code).toBe("phone.invalid");
  });

  it("says whether it hands messages to a gateway: without one they stay queued", async () => {
    expect((await accountant.get("/api/sms")).json().sending).toBe(false);
    const withGateway = await startTestApp({ env: { AIMAK_SMS_GATEWAY_URL: url } });
    try {
      const org = await seedOrganisation(withGateway.database, {
        kind: "water-provider",
        providerType: "wua",
        users: { acc: ["accountant"] },
      });
      const there = await login(withGateway.app, org.users.acc!.username);
      expect((await there.get("/api/sms")).json()).toMatchObject({ items: [], sending: true });
    } finally {
      await withGateway.close();
    }
  });

  it("sends through the HTTP gateway, retries with backoff when it is busy, and records delivery", async () => {
    const client = httpGateway(url, "gw-token");
    await deliverDueMessages(t.database, client); // what earlier tests left in the queue
    const queued = (
      await accountant.post("/api/sms", { to: "+996 700 11 22 33", body: "Төлөм кабыл алынды" })
    ).json();
    gateway.failTimes(1);
    const t0 = new Date();
    await deliverDueMessages(t.database, client, t0);
    let row = (await accountant.get("/api/sms")).json().items.find((m: { id: string }) => m.id === queued.id);
    // Busy: tried again after the first delay, the gateway's answer kept as its words.
    expect(row).toMatchObject({
      status: "queued",
      attempts: 1,
      failure: "gateway-busy",
      lastError: "HTTP 503: busy",
    });
    expect(new Date(row.nextAttemptAt).getTime() - t0.getTime()).toBe(RETRY_DELAYS_MINUTES[0]! * 60_000);

    // Not due yet: nothing is sent.
    await deliverDueMessages(t.database, client, new Date(t0.getTime() + 30_000));
    expect(gateway.received.find((r) => r.reference === queued.id)).toBeUndefined();

    await deliverDueMessages(t.database, client, new Date(t0.getTime() + 61_000));
    const sent = gateway.received.find((r) => r.reference === queued.id)!;
    expect(sent).toMatchObject({ to: "+996700112233", text: "Төлөм кабыл алынды", auth: "Bearer gw-token" });
    row = (await accountant.get("/api/sms")).json().items.find((m: { id: string }) => m.id === queued.id);
    expect(row).toMatchObject({ status: "sent", attempts: 2, failure: null, lastError: null });
  });

  it("gives up on a refused message at once, and a manager can send it again", async () => {
    const queued = (await accountant.post("/api/sms", { to: "0555 99 99 99", body: "x" })).json();
    gateway.refuseAll(true);
    await deliverDueMessages(t.database, httpGateway(url, null));
    gateway.refuseAll(false);
    const failed = (await accountant.get("/api/sms?status=failed")).json().items;
    expect(failed.find((m: { id: string }) => m.id === queued.id)).toMatchObject({
      attempts: 1,
      failure: "gateway-refused",
      lastError: "HTTP 400: unknown subscriber",
    });
    const retried = await accountant.post(`/api/sms/${queued.id}/retry`);
    expect(retried.json()).toMatchObject({ status: "queued", attempts: 0, failure: null, lastError: null });
    // The trail keeps why it had failed, which sending it again clears from the message.
    const [retry] = await withSystem(t.database, (tx) =>
      tx
        .select()
        .from(auditEvent)
        .where(and(eq(auditEvent.entityId, queued.id), eq(auditEvent.action, "retry"))),
    );
    expect(retry?.before).toEqual({ status: "failed", failure: "gateway-refused" });
    await deliverDueMessages(t.database, httpGateway(url, null));
    expect(gateway.received.some((r) => r.reference === queued.id)).toBe(true);
  });

  it("waits in the queue while the gateway is unreachable, and fails after the last retry", async () => {
    const queued = (await accountant.post("/api/sms", { to: "0555 88 88 88", body: "x" })).json();
    // A port that was just closed, so the connection is really refused: fetch will not even try port 1.
    const closed = fakeGateway();
    const dead = httpGateway(await closed.start(), null, 2000);
    await closed.stop();
    const now = Date.now();
    const rowNow = async () =>
      (await accountant.get("/api/sms")).json().items.find((m: { id: string }) => m.id === queued.id);
    await deliverDueMessages(t.database, dead, new Date(now));
    // No answer: tried again, Node's words kept beside.
    expect(await rowNow()).toMatchObject({
      status: "queued",
      attempts: 1,
      failure: "gateway-unreachable",
      lastError: expect.stringMatching(/^fetch failed: connect ECONNREFUSED/),
      nextAttemptAt: new Date(now + RETRY_DELAYS_MINUTES[0]! * 60_000).toISOString(),
    });
    for (let i = 1; i <= RETRY_DELAYS_MINUTES.length; i++) {
      await deliverDueMessages(t.database, dead, new Date(now + i * 24 * 3600_000));
    }
    expect(await rowNow()).toMatchObject({
      status: "failed",
      attempts: RETRY_DELAYS_MINUTES.length + 1,
      failure: "gateway-unreachable",
    });
  });
});

describe("delivery reports", () => {
  const secret = "a-shared-secret-of-the-gateway";
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { AIMAK_SMS_CALLBACK_SECRET: secret } });
  });
  afterAll(() => t.close());

  it("mark a sent message delivered, and are accepted only with the shared secret", async () => {
    const gateway = fakeGateway();
    const url = await gateway.start();
    const org = await seedOrganisation(t.database, { users: { head: ["head"] } });
    const head = await login(t.app, org.users.head!.username);
    const queued = (await head.post("/api/sms", { to: "0555 12 34 56", body: "Маалымкат даяр" })).json();
    await deliverDueMessages(t.database, httpGateway(url, null));
    await gateway.stop();
    const report = { reference: queued.id, status: "delivered" };

    const refused = await t.app.inject({ method: "POST", url: "/api/sms/delivery", payload: report });
    expect(refused.statusCode).toBe(401);
    const wrong = await t.app.inject({
      method: "POST",
      url: "/api/sms/delivery",
      headers: { "x-aimak-sms-secret": "not-the-secret-at-all-no" },
      payload: report,
    });
    expect(wrong.statusCode).toBe(401);

    const accepted = await t.app.inject({
      method: "POST",
      url: "/api/sms/delivery",
      headers: { "x-aimak-sms-secret": secret },
      payload: report,
    });
    expect(accepted.json()).toEqual({ ok: true, updated: true });
    const row = (await head.get("/api/sms")).json().items[0];
    expect(row).toMatchObject({ id: queued.id, status: "delivered", deliveredAt: expect.any(String) });
  });

  it("record a message that did not reach the phone as not delivered, with the gateway's own words only", async () => {
    const gateway = fakeGateway();
    const url = await gateway.start();
    const org = await seedOrganisation(t.database, { users: { head: ["head"] } });
    const head = await login(t.app, org.users.head!.username);
    const expired = (await head.post("/api/sms", { to: "0555 12 34 61", body: "Маалымкат даяр" })).json();
    const unexplained = (await head.post("/api/sms", { to: "0555 12 34 62", body: "Маалымкат даяр" })).json();
    await deliverDueMessages(t.database, httpGateway(url, null));
    await gateway.stop();
    const failedReport = (reference: string, error?: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/sms/delivery",
        headers: { "x-aimak-sms-secret": secret },
        payload: { reference, status: "failed", ...(error === undefined ? {} : { error }) },
      });
    expect((await failedReport(expired.id, "  EXPIRED:\n validity period elapsed ")).json().updated).toBe(
      true,
    );
    expect((await failedReport(unexplained.id)).json().updated).toBe(true);
    const rows = (await head.get("/api/sms?status=failed")).json().items;
    expect(rows.find((m: { id: string }) => m.id === expired.id)).toMatchObject({
      failure: "not-delivered",
      lastError: "EXPIRED: validity period elapsed",
    });
    expect(rows.find((m: { id: string }) => m.id === unexplained.id)).toMatchObject({
      failure: "not-delivered",
      lastError: null,
    });
  });
});

describe("the outbox's audit trail", () => {
  const secret = "a-shared-secret-of-the-gateway";
  let t: TestApp;
  const gateway = fakeGateway();
  let send: ReturnType<typeof httpGateway>;
  beforeAll(async () => {
    t = await startTestApp({ env: { AIMAK_SMS_CALLBACK_SECRET: secret } });
    send = httpGateway(await gateway.start(), "gw-token");
  });
  afterAll(async () => {
    await gateway.stop();
    await t.close();
  });
  const report = (reference: string, status: "delivered" | "failed") =>
    t.app.inject({
      method: "POST",
      url: "/api/sms/delivery",
      headers: { "x-aimak-sms-secret": secret },
      payload: { reference, status, error: "EXPIRED" },
    });

  it("records each attempt's outcome and each delivery report in the organisation's chain, as the system's", async () => {
    const { org, users } = await seedOrganisation(t.database, { users: { head: ["head"] } });
    const head = await login(t.app, users.head!.username);
    const queue = async (to: string) =>
      (await head.post("/api/sms", { to, body: "Маалымкат даяр" })).json().id;
    const accepted = await queue("0555 12 34 71");
    await deliverDueMessages(t.database, send);
    const busy = await queue("0555 12 34 72");
    gateway.failTimes(1);
    const busyAt = new Date();
    await deliverDueMessages(t.database, send, busyAt);
    const refused = await queue("0555 12 34 73");
    gateway.refuseAll(true);
    await deliverDueMessages(t.database, send);
    gateway.refuseAll(false);
    // Picked up again after the retry's wait, and taken.
    await deliverDueMessages(t.database, send, new Date(busyAt.getTime() + 61_000));
    expect((await report(accepted, "delivered")).json().updated).toBe(true);
    expect((await report(busy, "failed")).json().updated).toBe(true);

    const records = await withSystem(t.database, (tx) =>
      tx
        .select()
        .from(auditEvent)
        .where(
          and(eq(auditEvent.orgId, org.id), eq(auditEvent.entity, "sms"), eq(auditEvent.action, "update")),
        )
        .orderBy(auditEvent.seq),
    );
    expect(records.map((r) => [r.entityId, r.before, r.after])).toEqual([
      [
        accepted,
        { status: "queued", attempts: 0, failure: null },
        { status: "sent", attempts: 1, failure: null, gatewayId: "gw-1" },
      ],
      [
        busy,
        { status: "queued", attempts: 0, failure: null },
        {
          status: "queued",
          attempts: 1,
          failure: "gateway-busy",
          nextAttemptAt: new Date(busyAt.getTime() + RETRY_DELAYS_MINUTES[0]! * 60_000).toISOString(),
        },
      ],
      [
        refused,
        { status: "queued", attempts: 0, failure: null },
        { status: "failed", attempts: 1, failure: "gateway-refused" },
      ],
      [
        busy,
        { status: "queued", attempts: 1, failure: "gateway-busy" },
        { status: "sent", attempts: 2, failure: null, gatewayId: "gw-2" },
      ],
      [
        accepted,
        { status: "sent", attempts: 1, failure: null },
        { status: "delivered", attempts: 1, failure: null },
      ],
      [
        busy,
        { status: "sent", attempts: 2, failure: null },
        { status: "failed", attempts: 2, failure: "not-delivered" },
      ],
    ]);
    // No one signed in made these, and neither the number, the text nor the gateway's words are in them.
    expect(records.every((r) => r.userId === null && r.actor === "system" && r.client === "system")).toBe(
      true,
    );
    expect(JSON.stringify(records.map((r) => [r.before, r.after]))).not.toMatch(/996|Маалымкат|EXPIRED|HTTP/);
    expect(await withSystem(t.database, (tx) => verifyAuditChains(tx, [org.id]))).toMatchObject({
      broken: [],
    });
  });

  it("records one batch's outcomes in the chain of each message's organisation", async () => {
    const orgs = await Promise.all(
      [0, 1].map(() => seedOrganisation(t.database, { users: { head: ["head"] } })),
    );
    const ids: string[] = [];
    for (const [i, { users }] of orgs.entries()) {
      const head = await login(t.app, users.head!.username);
      ids.push((await head.post("/api/sms", { to: `0555 12 34 8${i}`, body: "x" })).json().id);
    }
    expect(await deliverDueMessages(t.database, send)).toBe(2);
    const records = await withSystem(t.database, (tx) =>
      tx
        .select()
        .from(auditEvent)
        .where(and(inArray(auditEvent.entityId, ids), eq(auditEvent.action, "update"))),
    );
    expect(records.map((r) => [r.orgId, r.entityId, (r.after as { status: string }).status]).sort()).toEqual(
      orgs.map(({ org }, i) => [org.id, ids[i], "sent"]).sort(),
    );
    // One run of the worker: its records share a request id.
    expect(new Set(records.map((r) => r.requestId)).size).toBe(1);
    const orgIds = orgs.map(({ org }) => org.id);
    expect(await withSystem(t.database, (tx) => verifyAuditChains(tx, orgIds))).toMatchObject({ broken: [] });
  });

  it("records the outcome of a message left sending by a process that died, once it is picked up again", async () => {
    const { org, users } = await seedOrganisation(t.database, { users: { head: ["head"] } });
    const head = await login(t.app, users.head!.username);
    const stale = (await head.post("/api/sms", { to: "0555 12 34 74", body: "x" })).json().id;
    const t0 = new Date();
    // The claim of an attempt that never ended: sending since, and not recorded.
    await withSystem(t.database, (tx) =>
      tx
        .update(smsMessage)
        .set({ status: "sending", attempts: 1, updatedAt: new Date(t0.getTime() - 11 * 60_000) })
        .where(eq(smsMessage.id, stale)),
    );
    await deliverDueMessages(t.database, send, t0);
    const records = await withSystem(t.database, (tx) =>
      tx
        .select()
        .from(auditEvent)
        .where(and(eq(auditEvent.orgId, org.id), eq(auditEvent.entityId, stale)))
        .orderBy(auditEvent.seq),
    );
    expect(
      records.map((r) => [r.action, r.before, r.after && { status: (r.after as { status: string }).status }]),
    ).toEqual([
      ["create", null, { status: "queued" }],
      ["update", { status: "queued", attempts: 1, failure: null }, { status: "sent" }],
    ]);
    expect(records[1]!.after).toMatchObject({ attempts: 2 });
    expect(await withSystem(t.database, (tx) => verifyAuditChains(tx, [org.id]))).toMatchObject({
      broken: [],
    });
  });

  it("keeps a delivery report that comes before the worker records the send", async () => {
    const { org, users } = await seedOrganisation(t.database, { users: { head: ["head"] } });
    const head = await login(t.app, users.head!.username);
    const quick = (await head.post("/api/sms", { to: "0555 12 34 76", body: "x" })).json().id;
    // An operator whose report arrives while the gateway's answer is still on its way.
    const reportingFirst: SmsGateway = {
      async send(message) {
        expect((await report(message.reference, "delivered")).json().updated).toBe(true);
        return { kind: "accepted", gatewayId: "gw-quick" };
      },
    };
    await deliverDueMessages(t.database, reportingFirst);
    expect((await head.get("/api/sms")).json().items[0]).toMatchObject({ id: quick, status: "delivered" });
    const records = await withSystem(t.database, (tx) =>
      tx
        .select()
        .from(auditEvent)
        .where(and(eq(auditEvent.orgId, org.id), eq(auditEvent.entity, "sms")))
        .orderBy(auditEvent.seq),
    );
    expect(
      records.map((r) => [r.action, r.before, r.after && (r.after as { status: string }).status]),
    ).toEqual([
      ["create", null, "queued"],
      ["update", { status: "queued", attempts: 0, failure: null }, "delivered"],
      ["update", { sentAt: null, gatewayId: null }, undefined],
    ]);
    // The report decided the status; the gateway's answer still tells when and under which id.
    const [stored] = await withSystem(t.database, (tx) =>
      tx.select().from(smsMessage).where(eq(smsMessage.id, quick)),
    );
    expect(stored).toMatchObject({ status: "delivered", attempts: 1, gatewayId: "gw-quick" });
    expect(stored!.sentAt).toBeInstanceOf(Date);
    expect(records[2]!.after).toEqual({ sentAt: stored!.sentAt!.toISOString(), gatewayId: "gw-quick" });
    expect(await withSystem(t.database, (tx) => verifyAuditChains(tx, [org.id]))).toMatchObject({
      broken: [],
    });
  });

  it("records nothing for a report of an unknown message or of one already final", async () => {
    const { org, users } = await seedOrganisation(t.database, { users: { head: ["head"] } });
    const head = await login(t.app, users.head!.username);
    const delivered = (await head.post("/api/sms", { to: "0555 12 34 75", body: "x" })).json().id;
    await deliverDueMessages(t.database, send);
    expect((await report(delivered, "delivered")).json().updated).toBe(true);
    const trail = () =>
      withSystem(t.database, (tx) => tx.select().from(auditEvent).where(eq(auditEvent.orgId, org.id)));
    const before = await trail();

    expect((await report(uuidv7(), "delivered")).json()).toEqual({ ok: true, updated: false });
    expect((await report(delivered, "failed")).json()).toEqual({ ok: true, updated: false });
    expect(await trail()).toEqual(before);
    expect((await head.get("/api/sms")).json().items[0]).toMatchObject({
      id: delivered,
      status: "delivered",
    });
  });
});

describe("failures recorded before their kinds were kept (migration 0049)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it("are named from their words where these say it, a queued one's other words as no answer, else unclassified", async () => {
    const { org } = await seedOrganisation(t.database, { users: {} });
    const before: [status: "queued" | "sending" | "failed" | "delivered", lastError: string | null][] = [
      ["queued", "HTTP 503: <html>busy</html>"],
      ["failed", "HTTP 429: slow down"],
      ["failed", "HTTP 400: number out of service"],
      ["failed", "HTTP 401: "],
      ["failed", "not delivered"],
      ["queued", "fetch failed"],
      ["sending", "The operation was aborted due to timeout"],
      // After the last retry with no answer, or a delivery report's own words: nothing tells which.
      ["failed", "fetch failed"],
      ["failed", "EXPIRED"],
      ["delivered", null],
    ];
    const ids = before.map(() => uuidv7());
    await withSystem(t.database, (tx) =>
      tx.insert(smsMessage).values(
        before.map(([status, lastError], i) => ({
          id: ids[i]!,
          orgId: org.id,
          toPhone: "+996555123456",
          locale: "ky",
          body: "x",
          segments: 1,
          purpose: "manual",
          status,
          lastError,
        })),
      ),
    );

    await applyMigration(t.database, "0049_sms_failure_kind.sql");
    const after = await withSystem(t.database, (tx) =>
      tx.select().from(smsMessage).where(inArray(smsMessage.id, ids)),
    );
    const byId = new Map(after.map((m) => [m.id, m]));
    expect(ids.map((id) => byId.get(id)?.failure)).toEqual([
      "gateway-busy",
      "gateway-busy",
      "gateway-refused",
      "gateway-refused",
      "not-delivered",
      "gateway-unreachable",
      "gateway-unreachable",
      "unclassified",
      "unclassified",
      null,
    ]);
    // The words are kept as the detail, and no version moves.
    expect(ids.map((id) => byId.get(id)?.lastError)).toEqual(before.map(([, lastError]) => lastError));
    expect(after.every((m) => m.version === 1)).toBe(true);
  });
});

describe("the outbox's pace", () => {
  let t: TestApp;
  let orgId: string;
  beforeAll(async () => {
    t = await startTestApp();
    orgId = (await seedOrganisation(t.database, { users: { head: ["head"] } })).org.id;
  });
  afterAll(() => t.close());
  /** A rotation's messages, as many as asked, due now. */
  const queue = (count: number) =>
    withSystem(t.database, (tx) =>
      tx
        .insert(smsMessage)
        .values(
          Array.from({ length: count }, (_, i) => ({
            id: uuidv7(),
            orgId,
            toPhone: `+99655500${String(i).padStart(4, "0")}`,
            locale: "ky",
            body: "Сугаруу кезегиңиз эртең 06:00",
            segments: 1,
            purpose: "rotation",
          })),
        )
        .returning({ id: smsMessage.id }),
    ).then((rows) => rows.map((r) => r.id));
  const statuses = (ids: string[]) =>
    withSystem(t.database, (tx) =>
      tx.select({ status: smsMessage.status }).from(smsMessage).where(inArray(smsMessage.id, ids)),
    ).then((rows) => rows.map((r) => r.status));
  /** A gateway that answers after a while, counting the sends that wait on it at once. */
  const slowGateway = () => {
    const seen = { inFlight: 0, most: 0, sent: 0 };
    const gateway: SmsGateway = {
      async send() {
        seen.inFlight++;
        seen.most = Math.max(seen.most, seen.inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen.inFlight--;
        seen.sent++;
        return { kind: "accepted", gatewayId: `gw-${seen.sent}` };
      },
    };
    return { gateway, seen };
  };

  it("sends a batch a few messages at a time, not one by one, and records every outcome", async () => {
    const ids = await queue(12);
    const { gateway, seen } = slowGateway();
    expect(await deliverDueMessages(t.database, gateway)).toBe(12);
    expect(seen.most).toBe(4);
    expect(seen.sent).toBe(12);
    expect(await statuses(ids)).toEqual(Array(12).fill("sent"));
    const audited = await withSystem(t.database, (tx) =>
      tx
        .select({ entityId: auditEvent.entityId })
        .from(auditEvent)
        .where(and(inArray(auditEvent.entityId, ids), eq(auditEvent.action, "update"))),
    );
    expect(new Set(audited.map((a) => a.entityId)).size).toBe(12);
    expect(await withSystem(t.database, (tx) => verifyAuditChains(tx, [orgId]))).toMatchObject({
      broken: [],
    });
  });

  it("records what the other sends did when the gateway throws on one, and then fails the run", async () => {
    const ids = await queue(8);
    const { gateway: slow } = slowGateway();
    let calls = 0;
    const throwsOnce: SmsGateway = {
      send(message) {
        calls++;
        if (calls === 3) throw new Error("gateway adapter bug");
        return slow.send(message);
      },
    };
    await expect(deliverDueMessages(t.database, throwsOnce)).rejects.toThrow("gateway adapter bug");
    // Each message went to the gateway once; the one it threw on stays "sending", to be taken up
    // again as stale, and the seven sent are recorded (with their audit records) before the error.
    expect(calls).toBe(8);
    expect((await statuses(ids)).sort()).toEqual(["sending", ...Array(7).fill("sent")]);
    const audited = await withSystem(t.database, (tx) =>
      tx
        .select({ id: auditEvent.id })
        .from(auditEvent)
        .where(and(inArray(auditEvent.entityId, ids), eq(auditEvent.action, "update"))),
    );
    expect(audited).toHaveLength(7);
  });

  it("sends everything due in one run of the worker, batch after batch, and stops when asked", async () => {
    const ids = await queue(SMS_BATCH * 2 + 7);
    const { gateway, seen } = slowGateway();
    expect(await deliverEverythingDue(t.database, gateway, new AbortController().signal)).toBe(
      SMS_BATCH * 2 + 7,
    );
    expect(seen.sent).toBe(SMS_BATCH * 2 + 7);
    expect(new Set(await statuses(ids))).toEqual(new Set(["sent"]));

    // A service stopping lets the batch under way finish and claims no other.
    const more = await queue(SMS_BATCH * 2);
    const stopping = new AbortController();
    stopping.abort();
    expect(await deliverEverythingDue(t.database, gateway, stopping.signal)).toBe(0);
    expect(new Set(await statuses(more))).toEqual(new Set(["queued"]));
  });
});
