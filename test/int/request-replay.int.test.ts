import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorFor } from "../../src/server/access/auth.js";
import { translate } from "../../src/server/platform/i18n.js";
import { holdClaim, purgeExpiredAnswers } from "../../src/server/platform/replay.js";
import { requestReplay } from "../../src/server/platform/tables.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import { createHousehold } from "../../src/server/registry/households.js";
import {
  type Client,
  login,
  seedAimak,
  seedOrganisation,
  startTestApp,
  type TestApp,
  unique,
} from "../support/app.js";

const AIMAK = "41703220890000";

describe("a POST repeated with its Idempotency-Key", () => {
  let t: TestApp;
  let clerk: Client;
  let otherClerk: Client;
  let admin: Client;
  let villages: string[];
  let municipality: Awaited<ReturnType<typeof seedOrganisation>>;

  beforeAll(async () => {
    t = await startTestApp();
    ({ villageCodes: villages } = await seedAimak(t.database, AIMAK, 1));
    const m = await seedOrganisation(t.database, {
      adminUnitCode: AIMAK,
      users: { clerk: ["clerk"], other: ["clerk"], admin: ["administrator"] },
    });
    municipality = m;
    clerk = await login(t.app, m.users.clerk!.username);
    otherClerk = await login(t.app, m.users.other!.username);
    admin = await login(t.app, m.users.admin!.username);
  });
  afterAll(() => t.close());

  /** A household on a street of its own, so a test counts only its own. */
  const householdOn = (street: string, givenName = "Айбек") => ({
    villageCode: villages[0],
    street,
    house: "1",
    formedOn: "2020-01-01",
    members: [
      {
        relation: "head",
        person: { surname: "Асанов", givenName, sex: "male", birthDate: "1980-05-15" },
      },
    ],
  });
  const householdsOn = async (street: string) =>
    (await clerk.get(`/api/registry/households?q=${encodeURIComponent(street)}`))
      .json()
      .items.filter((h: { street: string }) => h.street === street).length;
  const key = () => unique("form-key-");

  it("answers the repeat with the first answer and registers the household once", async () => {
    const street = unique("Бир жолу ");
    const k = key();
    const first = await clerk.post("/api/registry/households", householdOn(street), { "idempotency-key": k });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    const again = await clerk.post("/api/registry/households", householdOn(street), { "idempotency-key": k });
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.headers["content-type"]).toMatch(/^application\/json/);
    expect(again.json()).toEqual(first.json());
    expect(await householdsOn(street)).toBe(1);
    const trail = (await admin.get(`/api/audit?entity=household&entityId=${first.json().id}`)).json().items;
    expect(trail.map((r: { action: string }) => r.action)).toEqual(["create"]);
  });

  it("answers a repeated edit from its first time, where without the key it would be refused as stale", async () => {
    const street = unique("Оңдоо ");
    const created = await clerk.post("/api/registry/households", householdOn(street));
    const { id, version } = created.json();
    const k = key();
    const edit = { phone: "0555 11 22 33", version };
    const first = await clerk.patch(`/api/registry/households/${id}`, edit, { "idempotency-key": k });
    expect(first.statusCode, first.body).toBe(200);
    const again = await clerk.patch(`/api/registry/households/${id}`, edit, { "idempotency-key": k });
    expect(again.statusCode).toBe(200);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json()).toEqual(first.json());
    const unkeyed = await clerk.patch(`/api/registry/households/${id}`, edit);
    expect(unkeyed.json().code).toBe("conflict.version");
  });

  it("keeps the answer itself, not its compressed bytes: a repeat is compressed again for its own reader", async () => {
    const street = unique("Кысылган ");
    const { id, version } = (await clerk.post("/api/registry/households", householdOn(street))).json();
    const edit = { notes: "Узун эскертүү. ".repeat(100), version };
    const k = key();
    const first = await clerk.patch(`/api/registry/households/${id}`, edit, {
      "idempotency-key": k,
      "accept-encoding": "br",
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers["content-encoding"]).toBe("br");
    const again = await clerk.patch(`/api/registry/households/${id}`, edit, {
      "idempotency-key": k,
      "accept-encoding": "gzip",
    });
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.headers["content-encoding"]).toBe("gzip");
    const text = (r: typeof first, unpack: (b: Buffer) => Buffer) => unpack(r.rawPayload).toString("utf8");
    expect(JSON.parse(text(again, gunzipSync))).toEqual(JSON.parse(text(first, brotliDecompressSync)));
    expect(JSON.parse(text(first, brotliDecompressSync)).notes).toBe(edit.notes.trim());
  });

  it("answers a repeated removal from its first time (an empty answer), not with 'not found'", async () => {
    const token = (await admin.post("/api/tokens", { name: "Убакыттуу", role: "administrator" })).json();
    const k = key();
    const first = await admin.call("DELETE", `/api/tokens/${token.id}`, undefined, { "idempotency-key": k });
    expect(first.statusCode, first.body).toBeLessThan(300);
    const again = await admin.call("DELETE", `/api/tokens/${token.id}`, undefined, { "idempotency-key": k });
    expect(again.statusCode).toBe(first.statusCode);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body).toBe(first.body);
    expect((await admin.delete(`/api/tokens/${token.id}`)).statusCode).toBe(404);
  });

  it("without a key, the same request is done again (the key is what makes it once)", async () => {
    const street = unique("Эки жолу ");
    await clerk.post("/api/registry/households", householdOn(street));
    await clerk.post("/api/registry/households", householdOn(street));
    expect(await householdsOn(street)).toBe(2);
  });

  it("refuses a key sent again with another request, and another login's use of it, writing nothing", async () => {
    const street = unique("Башка ");
    const k = key();
    expect(
      (await clerk.post("/api/registry/households", householdOn(street), { "idempotency-key": k }))
        .statusCode,
    ).toBe(201);
    const changed = await clerk.post("/api/registry/households", householdOn(street, "Бакыт"), {
      "idempotency-key": k,
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.json()).toMatchObject({
      code: "conflict.requestKeyReused",
      title: "Бул сурамдын ачкычы башка сурам үчүн колдонулган",
    });
    const stranger = await otherClerk.post("/api/registry/households", householdOn(street), {
      "idempotency-key": k,
    });
    expect(stranger.json().code).toBe("conflict.requestKeyReused");
    expect(await householdsOn(street)).toBe(1);
  });

  it("frees the key of a refused request, so the corrected form goes through under it", async () => {
    const street = unique("Ката ");
    const k = key();
    const refused = await clerk.post(
      "/api/registry/households",
      { ...householdOn(street), villageCode: "41703220890999" },
      { "idempotency-key": k },
    );
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    const corrected = await clerk.post("/api/registry/households", householdOn(street), {
      "idempotency-key": k,
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    expect(corrected.headers["idempotent-replayed"]).toBeUndefined();
    expect(await householdsOn(street)).toBe(1);
  });

  it("does it once when the repeat arrives while the first is still being done", async () => {
    const street = unique("Бир убакта ");
    const k = key();
    const answers = await Promise.all(
      [0, 1, 2].map(() =>
        clerk.post("/api/registry/households", householdOn(street), { "idempotency-key": k }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses[0]).toBe(201);
    for (const a of answers) {
      if (a.statusCode === 409) expect(a.json().code).toBe("conflict.requestInProgress");
      else expect(a.statusCode, a.body).toBe(201);
    }
    expect(await householdsOn(street)).toBe(1);
  });

  /** The key's claim as the service left it, changed as a stopped service would have left it. */
  const leaveClaim = (k: string, state: { done: boolean; minutesAgo: number }) =>
    withSystem(t.database, (tx) =>
      tx
        .update(requestReplay)
        .set({
          status: null,
          contentType: null,
          body: null,
          doneAt: state.done ? sql`now()` : null,
          createdAt: sql`now() - ${`${state.minutesAgo} minutes`}::interval`,
        })
        .where(eq(requestReplay.key, k))
        .returning({ key: requestReplay.key }),
    );

  it("tells a repeat whose first sending was saved but never answered (the service stopped) that it was saved, in the user's language, and does nothing twice", async () => {
    const street = unique("Жооп жоголду ");
    const k = key();
    const first = await clerk.post("/api/registry/households", householdOn(street), { "idempotency-key": k });
    expect(first.statusCode, first.body).toBe(201);
    // The handler's own transaction marked the claim done, before the answer was stored.
    const [claim] = await withSystem(t.database, (tx) =>
      tx.select().from(requestReplay).where(eq(requestReplay.key, k)),
    );
    expect(claim!.doneAt).not.toBeNull();
    expect(await leaveClaim(k, { done: true, minutesAgo: 30 })).toHaveLength(1);
    for (const sending of [1, 2]) {
      const again = await clerk.post("/api/registry/households", householdOn(street), {
        "idempotency-key": k,
      });
      expect(again.statusCode, `repeat ${sending}`).toBe(409);
      expect(again.json().code).toBe("conflict.requestDoneAnswerLost");
      expect(again.json().title).toBe(translate("ky", "errors.conflict.requestDoneAnswerLost"));
    }
    expect(await householdsOn(street)).toBe(1);
  });

  it("does the change for a repeat whose first sending stopped before it wrote, once that is clearly so; until then it is in progress", async () => {
    const street = unique("Жазылган жок ");
    const body = householdOn(street);
    // A first sending under its own key, whose claim then stands for a sending that stopped before
    // its write: not done, no answer.
    const k = key();
    expect((await clerk.post("/api/registry/households", body, { "idempotency-key": k })).statusCode).toBe(
      201,
    );
    await leaveClaim(k, { done: false, minutesAgo: 0 });
    const early = await clerk.post("/api/registry/households", body, { "idempotency-key": k });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("conflict.requestInProgress");
    expect(await householdsOn(street)).toBe(1);
    await leaveClaim(k, { done: false, minutesAgo: 3 });
    const late = await clerk.post("/api/registry/households", body, { "idempotency-key": k });
    expect(late.statusCode, late.body).toBe(201);
    expect(late.headers["idempotent-replayed"]).toBeUndefined();
    expect(await householdsOn(street)).toBe(2);
    // The sending that took the claim over holds it now: its answer is what a repeat gets.
    const again = await clerk.post("/api/registry/households", body, { "idempotency-key": k });
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json()).toEqual(late.json());
    expect(await householdsOn(street)).toBe(2);
  });

  it("takes a corrected request under the key of a first sending left unanswered: in progress while it may still be done, written once when it stopped before writing", async () => {
    const street = unique("Оңдолгон ");
    const k = key();
    expect(
      (await clerk.post("/api/registry/households", householdOn(street), { "idempotency-key": k }))
        .statusCode,
    ).toBe(201);
    // The first sending as a service stopped before its write left it: no answer, not done.
    await leaveClaim(k, { done: false, minutesAgo: 0 });
    const early = await clerk.post("/api/registry/households", householdOn(street, "Бакыт"), {
      "idempotency-key": k,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("conflict.requestInProgress");
    await leaveClaim(k, { done: false, minutesAgo: 3 });
    const corrected = await clerk.post("/api/registry/households", householdOn(street, "Бакыт"), {
      "idempotency-key": k,
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const written = (await clerk.get(`/api/registry/households/${corrected.json().id}`)).json();
    expect(written.members.map((m: { givenName: string }) => m.givenName)).toEqual(["Бакыт"]);
    // The key now answers the corrected request, and refuses the first one's body.
    const again = await clerk.post("/api/registry/households", householdOn(street, "Бакыт"), {
      "idempotency-key": k,
    });
    expect(again.headers["idempotent-replayed"]).toBe("true");
    const first = await clerk.post("/api/registry/households", householdOn(street), { "idempotency-key": k });
    expect(first.json().code).toBe("conflict.requestKeyReused");
    expect(await householdsOn(street)).toBe(2);
  });

  it("tells a corrected request whose first sending was saved unanswered that it was saved, writing nothing", async () => {
    const street = unique("Сакталган ");
    const k = key();
    await clerk.post("/api/registry/households", householdOn(street), { "idempotency-key": k });
    await leaveClaim(k, { done: true, minutesAgo: 30 });
    const corrected = await clerk.post("/api/registry/households", householdOn(street, "Бакыт"), {
      "idempotency-key": k,
    });
    expect(corrected.statusCode).toBe(409);
    expect(corrected.json().code).toBe("conflict.requestDoneAnswerLost");
    expect(await householdsOn(street)).toBe(1);
  });

  it("writes nothing for a sending whose claim another sending took over", async () => {
    const street = unique("Алынган ");
    const k = key();
    expect(
      (await clerk.post("/api/registry/households", householdOn(street), { "idempotency-key": k }))
        .statusCode,
    ).toBe(201);
    const actor = (await withSystem(t.database, (tx) =>
      actorFor(tx, municipality.users.clerk!, municipality.org.id, null),
    ))!;
    // The sending holds an attempt that is no longer the claim's.
    holdClaim({ actor, key: k, attempt: "00000000-0000-4000-8000-000000000000" });
    const ctx = { requestId: "overtaken", locale: "ky" as const, client: "browser" as const, actor };
    await expect(createHousehold(t.database, ctx, householdOn(street) as never)).rejects.toMatchObject({
      code: "conflict.requestInProgress",
    });
    expect(await householdsOn(street)).toBe(1);
  });

  it("keeps a key for a day", async () => {
    const street = unique("Эртең ");
    const k = key();
    await clerk.post("/api/registry/households", householdOn(street), { "idempotency-key": k });
    await withSystem(t.database, (tx) =>
      tx
        .update(requestReplay)
        .set({ createdAt: sql`now() - interval '25 hours'` })
        .where(eq(requestReplay.key, k)),
    );
    const dayLater = await clerk.post("/api/registry/households", householdOn(street), {
      "idempotency-key": k,
    });
    expect(dayLater.statusCode).toBe(201);
    expect(dayLater.headers["idempotent-replayed"]).toBeUndefined();
    expect(await householdsOn(street)).toBe(2);
  });

  it("purges every organisation's answers older than a day, and only those", async () => {
    const [old, fresh] = [key(), key()];
    for (const k of [old, fresh])
      await clerk.post("/api/registry/households", householdOn(unique("Тазалоо ")), { "idempotency-key": k });
    const age = (k: string, interval: string) =>
      withSystem(t.database, (tx) =>
        tx
          .update(requestReplay)
          .set({ createdAt: sql`now() - ${interval}::interval` })
          .where(eq(requestReplay.key, k)),
      );
    await age(old, "25 hours");
    await age(fresh, "23 hours");
    await purgeExpiredAnswers(t.database);
    const left = await withSystem(t.database, (tx) =>
      tx
        .select({ key: requestReplay.key })
        .from(requestReplay)
        .where(inArray(requestReplay.key, [old, fresh])),
    );
    expect(left).toEqual([{ key: fresh }]);
  });

  it("keeps nothing of a request that holds a secret: a new password, a token shown once", async () => {
    const k = key();
    const tokens = await Promise.all(
      [0, 1].map(() =>
        admin.post("/api/tokens", { name: "Эсеп", role: "administrator" }, { "idempotency-key": k }),
      ),
    );
    expect(tokens.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(tokens[0]!.json().token).not.toBe(tokens[1]!.json().token);
    const username = unique("kassir");
    const created = await admin.post(
      "/api/users",
      { username, displayName: "Кассир", password: "kassir-password-1", roles: ["clerk"] },
      { "idempotency-key": k },
    );
    expect(created.statusCode, created.body).toBe(201);
    const kept = await withSystem(t.database, (tx) =>
      tx.select().from(requestReplay).where(eq(requestReplay.key, k)),
    );
    expect(kept).toEqual([]);
  });

  it("rejects a malformed key before doing anything", async () => {
    const street = unique("Жаман ачкыч ");
    const res = await clerk.post("/api/registry/households", householdOn(street), {
      "idempotency-key": "short",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("validation.idempotencyKey");
    expect(await householdsOn(street)).toBe(0);
  });
});
