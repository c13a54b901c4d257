import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpGateway } from "../../src/server/messaging/gateway.js";
import { deliverDueMessages, RETRY_DELAYS_MINUTES } from "../../src/server/messaging/outbox.js";
import { login, seedOrganisation, startTestApp, type TestApp } from "../support/app.js";

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
    expect(row).toMatchObject({ status: "queued", attempts: 1, lastError: expect.stringContaining("503") });
    expect(new Date(row.nextAttemptAt).getTime() - t0.getTime()).toBe(RETRY_DELAYS_MINUTES[0]! * 60_000);

    // Not due yet: nothing is sent.
    await deliverDueMessages(t.database, client, new Date(t0.getTime() + 30_000));
    expect(gateway.received.find((r) => r.reference === queued.id)).toBeUndefined();

    await deliverDueMessages(t.database, client, new Date(t0.getTime() + 61_000));
    const sent = gateway.received.find((r) => r.reference === queued.id)!;
    expect(sent).toMatchObject({ to: "+996700112233", text: "Төлөм кабыл алынды", auth: "Bearer gw-token" });
    row = (await accountant.get("/api/sms")).json().items.find((m: { id: string }) => m.id === queued.id);
    expect(row).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("gives up on a refused message at once, and a manager can send it again", async () => {
    const queued = (await accountant.post("/api/sms", { to: "0555 99 99 99", body: "x" })).json();
    gateway.refuseAll(true);
    await deliverDueMessages(t.database, httpGateway(url, null));
    gateway.refuseAll(false);
    const failed = (await accountant.get("/api/sms?status=failed")).json().items;
    expect(failed.map((m: { id: string }) => m.id)).toContain(queued.id);
    const retried = await accountant.post(`/api/sms/${queued.id}/retry`);
    expect(retried.json()).toMatchObject({ status: "queued", attempts: 0 });
    await deliverDueMessages(t.database, httpGateway(url, null));
    expect(gateway.received.some((r) => r.reference === queued.id)).toBe(true);
  });

  it("waits in the queue while the gateway is unreachable, and fails after the last retry", async () => {
    const queued = (await accountant.post("/api/sms", { to: "0555 88 88 88", body: "x" })).json();
    const dead = httpGateway("http://127.0.0.1:1/send", null, 2000);
    let now = Date.now();
    for (let i = 0; i <= RETRY_DELAYS_MINUTES.length; i++) {
      await deliverDueMessages(t.database, dead, new Date(now));
      now += 24 * 3600_000;
    }
    const row = (await accountant.get("/api/sms"))
      .json()
      .items.find((m: { id: string }) => m.id === queued.id);
    expect(row).toMatchObject({ status: "failed", attempts: RETRY_DELAYS_MINUTES.length + 1 });
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
});
