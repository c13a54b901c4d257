import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchKey } from "../../src/domain/registry/names.js";
import { actorFor, authenticateSession } from "../../src/server/access/auth.js";
import { rows } from "../../src/server/platform/db.js";
import { withSystem, withTenant } from "../../src/server/platform/transactions.js";
import {
  nameWords,
  peopleSearchSql,
  resolveWords,
  searchHouseholdsIn,
  searchPeopleIn,
} from "../../src/server/registry/search.js";
import {
  login,
  seedAimak,
  seedOffice,
  seedOrganisation,
  startTestApp,
  type TestApp,
} from "../support/app.js";

// A country-wide search drives from a word far rarer than the others, or reads the postings of
// words of comparable frequency side by side; which one is chosen comes from the planner's
// statistics, so the register here is large enough for their estimates to tell words apart.
const WIDE = { closest: true, estimate: true, within: null, otherSex: false };
const NARROW = { closest: false, estimate: false, within: null, otherSex: false };
/** The day the searches read flags in force on (no household here carries any). */
const SEARCH_DAY = "2026-06-01";

describe("a name search across every organisation", () => {
  let t: TestApp;
  let municipality: Awaited<ReturnType<typeof seedOrganisation>>;
  const surname = "Токтосунов";
  const givenNames = { Азамат: 800, Бекжан: 1300, Жолдошбек: 200, Эрмек: 100 };

  beforeAll(async () => {
    t = await startTestApp();
    await seedAimak(t.database, "41703220990000", 1);
    municipality = await seedOrganisation(t.database, {
      adminUnitCode: "41703220990000",
      users: { clerk: ["clerk"] },
    });
    const { org } = municipality;
    const names = Object.entries(givenNames).flatMap(([name, count]) => Array<string>(count).fill(name));
    await withSystem(t.database, (tx) =>
      tx.execute(sql`insert into person (id, org_id, surname, given_name, name_latin, search_key, sex)
        select gen_random_uuid(), ${org.id}, ${surname}, n, ${surname} || ' ' || n,
          ${searchKey(surname)} || ' ' || k, 'male'
        from unnest(${sql.param(names)}::text[], ${sql.param(names.map((n) => searchKey(n)))}::text[]) as g(n, k)`),
    );
    // Surnames a typo of "Токтосунов" comes near: more than the four a wide search takes.
    const kin = ["Токтосуналиев", "Токтосунакунов", "Токтосунбаев", "Токтосунович"];
    await withSystem(t.database, (tx) =>
      tx.execute(sql`insert into person (id, org_id, surname, given_name, name_latin, search_key, sex)
        select gen_random_uuid(), ${org.id}, s, 'Азамат', s || ' Azamat', k || ' azamat', 'male'
        from unnest(${sql.param(kin)}::text[], ${sql.param(kin.map((k) => searchKey(k)))}::text[]) as g(s, k)`),
    );
    await t.database.db.execute(sql`analyze person_name_word`);
  }, 60_000);
  afterAll(() => t.close());

  const plannedSql = (q: string) =>
    withSystem(t.database, async (tx) => {
      const words = await resolveWords(tx, searchKey(q).split(" "), "exact", WIDE);
      return new PgDialect().sqlToQuery(
        peopleSearchSql("readable", { q, page: 1, pageSize: 25 }, { mode: "exact", words }, SEARCH_DAY),
      ).sql;
    });
  const search = (q: string) =>
    withSystem(t.database, (tx) =>
      searchPeopleIn(tx, "readable", { q, page: 1, pageSize: 25 }, SEARCH_DAY, 300),
    );

  it("probes from a far rarer word, exactly and through a typo", async () => {
    // 200 of "Жолдошбек" against 2,400 of the surname.
    expect(await plannedSql("Токтосунов Жолдошбек")).toContain("select true from person_name_word x");
    const exact = await search("Жолдошбек Токтосунов");
    expect(exact.truncated).toBeUndefined();
    expect(exact.hasMore).toBe(true);
    expect(new Set(exact.items.map((p) => p.givenName))).toEqual(new Set(["Жолдошбек"]));
    const typo = await search("Токтосунав Эрмек");
    expect(typo).toMatchObject({ similar: true });
    expect(typo.items).toHaveLength(25);
    expect(new Set(typo.items.map((p) => `${p.surname} ${p.givenName}`))).toEqual(
      new Set(["Токтосунов Эрмек"]),
    );
  });

  it("takes a word the dictionary knows as typed, and widens an unknown or unfinished one", async () => {
    const spellings = (word: string) =>
      withSystem(t.database, async (tx) => (await resolveWords(tx, [word], "similar", NARROW))[0]!.spellings);
    // "жолдошбек" is known and is not widened by prefix; "жолдош" is not known, and is.
    expect(await spellings(searchKey("Жолдошбек"))).toEqual([searchKey("Жолдошбек")]);
    expect(await spellings(searchKey("Жолдош"))).toContain(searchKey("Жолдошбек"));
    expect(await spellings(searchKey("Токтосунав"))).toContain(searchKey("Токтосунов"));
  });

  it("takes only a misspelt word's closest spellings across many organisations, every one within one", async () => {
    const word = searchKey("Токтосунав");
    const [within, across, closeness] = await withSystem(t.database, async (tx) => {
      const narrow = (await resolveWords(tx, [word], "similar", NARROW))[0]!.spellings;
      const wide = (await resolveWords(tx, [word], "similar", WIDE))[0]!.spellings;
      const scored = await rows<{ token: string; closeness: number }>(
        tx,
        sql`select token, similarity(token, ${word}) as closeness from unnest(${sql.param(narrow)}::text[]) token`,
      );
      return [narrow, wide, new Map(scored.map((r) => [r.token, r.closeness]))] as const;
    });
    expect(within).toContain(searchKey("Токтосунович"));
    const best = Math.max(...closeness.values());
    const closest = [...within]
      .sort((a, b) => closeness.get(b)! - closeness.get(a)!)
      .filter((token) => closeness.get(token)! >= best - 0.2)
      .slice(0, 4);
    expect(across).toEqual(closest);
    expect(across[0]).toBe(searchKey("Токтосунов"));
    expect(across).not.toContain(searchKey("Токтосунович"));
  });

  it("tries every similar spelling across many organisations when the closest find no one", async () => {
    // A record's own typo ("Асаова") is far closer to the query's ("Асааова") than the name meant.
    await withSystem(t.database, (tx) =>
      tx.execute(sql`insert into person (id, org_id, surname, given_name, name_latin, search_key, sex)
        values (gen_random_uuid(), ${municipality.org.id}, 'Асанова', 'Назгүл', 'Asanova Nazgul', ${searchKey("Асанова Назгүл")}, 'female'),
          (gen_random_uuid(), ${municipality.org.id}, 'Асаова', 'Бүбүсара', 'Asaova Bubusara', ${searchKey("Асаова Бүбүсара")}, 'female')`),
    );
    const closest = await withSystem(
      t.database,
      async (tx) => (await resolveWords(tx, [searchKey("Асааова")], "similar", WIDE))[0]!.spellings,
    );
    expect(closest).toEqual([searchKey("Асаова")]);
    const found = await withSystem(t.database, (tx) =>
      searchPeopleIn(tx, "readable", { q: "Асааова Назгүл", page: 1, pageSize: 25 }, SEARCH_DAY),
    );
    expect(found).toMatchObject({ similar: true });
    expect(found.items.map((p) => `${p.surname} ${p.givenName}`)).toEqual(["Асанова Назгүл"]);
    // Within one organisation every similar spelling counts from the start.
    const local = await withSystem(t.database, (tx) =>
      searchPeopleIn(tx, [municipality.org.id], { q: "Асааова Назгүл", page: 1, pageSize: 25 }, SEARCH_DAY),
    );
    expect(local.items.map((p) => p.id)).toEqual(found.items.map((p) => p.id));
  });

  it("drops a person's name words with the person", async () => {
    const postings = (personId: string) =>
      withSystem(t.database, async (tx) =>
        (
          await rows<{ word: string }>(
            tx,
            sql`select word from person_name_word where person_id = ${personId} order by word`,
          )
        ).map((r) => r.word),
      );
    const id = await withSystem(t.database, async (tx) => {
      const [org] = await rows<{ id: string }>(tx, sql`select org_id as id from person limit 1`);
      const [row] = await rows<{ id: string }>(
        tx,
        sql`insert into person (id, org_id, surname, given_name, name_latin, search_key, sex)
          values (gen_random_uuid(), ${org!.id}, 'Эфемер', 'Бир', 'Efemer Bir', 'efemer bir', 'male') returning id`,
      );
      return row!.id;
    });
    expect(await postings(id)).toEqual(["bir", "efemer"]);
    await withSystem(t.database, (tx) => tx.execute(sql`delete from person where id = ${id}`));
    expect(await postings(id)).toEqual([]);
  });

  it("finds a surname's women and men in a district's books, as in one municipality's", async () => {
    // A district reads more books than are probed one by one: its search is a wide one.
    const others = await Promise.all(
      Array.from({ length: 8 }, () =>
        seedOrganisation(t.database, { adminUnitCode: "41703220990000", users: {} }),
      ),
    );
    const district = [municipality.org.id, ...others.map((o) => o.org.id)];
    await withSystem(t.database, (tx) =>
      tx.execute(sql`insert into person (id, org_id, surname, given_name, name_latin, search_key, sex)
        values (gen_random_uuid(), ${municipality.org.id}, 'Токтосунова', 'Сезим', 'Toktosunova Sezim',
          ${searchKey("Токтосунова Сезим")}, 'female')`),
    );
    const found = await withSystem(t.database, (tx) =>
      searchPeopleIn(tx, district, { q: "Токтосунов Сезим", page: 1, pageSize: 25 }, SEARCH_DAY, 300),
    );
    expect(found.items.map((p) => `${p.surname} ${p.givenName}`)).toEqual(["Токтосунова Сезим"]);
  });

  it("joins the lists of comparable words, and says when the matches pass the cap", async () => {
    // 1,300 of "Бекжан" against 2,400 of the surname.
    expect(await plannedSql("Бекжан Токтосунов")).toContain(" join (select org_id, person_id");
    const many = await search("Бекжан Токтосунов");
    expect(many.truncated).toBe(true);
    expect(new Set(many.items.map((p) => p.givenName))).toEqual(new Set(["Бекжан"]));
    const fewer = await search("Токтосунов Азамат");
    expect(fewer.truncated).toBe(true);
    expect(new Set(fewer.items.map((p) => p.givenName))).toEqual(new Set(["Азамат"]));
  });

  it("searches the whole register through the word index for an office over the whole country", async () => {
    const national = await seedOffice(t.database, "41700000000000");
    const auditor = await login(t.app, national.users.auditor!.username);
    // Its session and its API tokens both know it reads every organisation; a municipality does not.
    const token = (auditor.session as { cookie: string }).cookie.replace(/^aimak_session=/, "");
    expect((await authenticateSession(t.database, token, 12))?.actor?.readsEveryOrganisation).toBe(true);
    const [viaToken, municipal] = await withSystem(t.database, async (tx) => [
      await actorFor(tx, national.users.auditor!, national.org.id, "auditor"),
      await actorFor(tx, municipality.users.clerk!, municipality.org.id, null),
    ]);
    expect(viaToken?.readsEveryOrganisation).toBe(true);
    expect(municipal?.readsEveryOrganisation).toBeUndefined();
    const queries = [
      "Жолдошбек Токтосунов",
      "Токтосунав Эрмек",
      "Бекжан Токтосунов",
      "азамат ТОКТОСУНОВ",
      "Токтосун",
    ];
    for (const q of queries) {
      const url = `/api/registry/people?scope=readable&pageSize=25&q=${encodeURIComponent(q)}`;
      const found = (await auditor.get(url)).json();
      const expected = await withSystem(t.database, (tx) =>
        searchPeopleIn(tx, "readable", { q, page: 1, pageSize: 25 }, SEARCH_DAY),
      );
      expect(found.items.length, q).toBeGreaterThan(0);
      const outline = (r: {
        items: { id: string }[];
        hasMore: boolean;
        truncated?: boolean;
        similar?: boolean;
      }) => ({
        ids: r.items.map((p) => p.id),
        hasMore: r.hasMore,
        truncated: r.truncated ?? false,
        similar: r.similar ?? false,
      });
      if (!expected.truncated) expect(outline(found), q).toEqual(outline(expected));
      else {
        // Past the cap each path keeps whichever 2,000 it met first; both must say so.
        expect(found, q).toMatchObject({ truncated: true, similar: true, hasMore: true });
        for (const p of found.items) expect(p.surname, q).toMatch(/^Токтосун/);
      }
    }
    // What the office's search runs: the view and its word index, not the postings.
    const planned = await withSystem(t.database, async (tx) => {
      // As searchPeopleIn resolves them for this scope: the closest spellings, no estimates.
      const words = await resolveWords(tx, ["bekjan", "toktosunov"], "exact", {
        closest: true,
        estimate: false,
        within: null,
        otherSex: false,
      });
      return new PgDialect().sqlToQuery(
        peopleSearchSql(
          "every-organisation",
          { q: "Бекжан Токтосунов", page: 1, pageSize: 25 },
          { mode: "exact", words },
          SEARCH_DAY,
        ),
      ).sql;
    });
    expect(planned).toContain("from person_every_org p");
    expect(planned).not.toContain("person_name_word ");
  });

  it("finds households across the country through the whole register's views", async () => {
    // Any day after the households were formed (2020) reads them in force.
    const today = "2026-06-01";
    const national = await seedOffice(t.database, "41700000000000");
    const auditor = await login(t.app, national.users.auditor!.username);
    const clerk = await login(t.app, municipality.users.clerk!.username);
    const register = async (street: string, surname: string, givenName: string, pin: string) => {
      const res = await clerk.post("/api/registry/households", {
        villageCode: "41703220990001",
        street,
        house: "7",
        formedOn: "2020-01-01",
        members: [
          {
            relation: "head",
            person: { surname, givenName, sex: "male", birthDate: "1980-05-15", pin },
          },
        ],
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string; number: number };
    };
    const manas = await register("Манас көчөсү", "Токтосунов", "Жолдошбек", "21505198000011");
    const lenin = await register("Ленин көчөсү", "Мамытов", "Азамат", "21505198000022");
    const sadykov = await register("Токтосун Садыков көчөсү", "Асанов", "Бекжан", "21505198000033");
    const found = async (q: string) => {
      const url = `/api/registry/households?scope=readable&q=${encodeURIComponent(q)}`;
      const res = await auditor.get(url);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { id: string }[]; truncated?: boolean };
    };
    const expectations: [string, string[]][] = [
      ["Жолдошбек Токтосунов", [manas.id]],
      ["Токтосунав Жолдошбек", [manas.id]],
      ["Манас", [manas.id]],
      ["Садыков", [sadykov.id]],
      ["Мамытов", [lenin.id]],
      ["21505198000033", [sadykov.id]],
    ];
    for (const [q, ids] of expectations) {
      const answer = await found(q);
      for (const id of ids)
        expect(
          answer.items.map((h) => h.id),
          q,
        ).toContain(id);
      // The same as the tenant tables' path reads, read as the system role.
      const expected = await withSystem(t.database, (tx) =>
        searchHouseholdsIn(tx, "readable", { q, page: 1, pageSize: 25 }, today),
      );
      expect(
        answer.items.map((h) => h.id),
        q,
      ).toEqual(expected.items.map((h) => h.id));
    }
    // A street and a surname both: the name's household and the street's.
    expect(
      (await found("Токтосун")).items.map((h) => h.id).filter((id) => id === manas.id || id === sadykov.id),
    ).toHaveLength(2);
    // Past the cap, the answer says it was cut short.
    const actor = (await withSystem(t.database, (tx) =>
      actorFor(tx, national.users.auditor!, national.org.id, null),
    ))!;
    const capped = await withTenant(t.database, actor, (tx) =>
      searchHouseholdsIn(tx, "every-organisation", { q: "көчөсү", page: 1, pageSize: 25 }, today, 2),
    );
    expect(capped.truncated).toBe(true);
    const uncapped = await withTenant(t.database, actor, (tx) =>
      searchHouseholdsIn(tx, "every-organisation", { q: "көчөсү", page: 1, pageSize: 25 }, today, 3),
    );
    expect(uncapped.truncated).toBeUndefined();
    expect(uncapped.items).toHaveLength(3);
    // Across the country a name stands for its closest spellings (Токтосунбаев is a name of its
    // own, not one of them), as in a people search; in its municipality, for every similar one.
    const kin = await register("Ала-Тоо көчөсү", "Токтосунбаев", "Жолдошбек", "21505198000044");
    const ids = (answer: { items: { id: string }[] }) => answer.items.map((h) => h.id);
    const acrossTheCountry = await found("Жолдошбек Токтосунов");
    expect(ids(acrossTheCountry)).toContain(manas.id);
    expect(ids(acrossTheCountry)).not.toContain(kin.id);
    expect(ids(await found("Жолдошбек Токтосунав"))).toContain(manas.id);
    const inTheMunicipality = await clerk.get(
      `/api/registry/households?q=${encodeURIComponent("Жолдошбек Токтосунов")}`,
    );
    expect(ids(inTheMunicipality.json())).toEqual(expect.arrayContaining([manas.id, kin.id]));
  });

  it("scores a hit by each word's similarity to the whole name and to its surname and given name", async () => {
    // The score skips word_similarity where a word is in the name whole (it is 1 then): the same
    // score, word for word, whether the word is the surname, the given name, only in the
    // patronymic, or not in the name at all (a typo).
    await withSystem(t.database, (tx) =>
      tx.execute(sql`insert into person (id, org_id, surname, given_name, patronymic, name_latin, search_key, sex)
        select gen_random_uuid(), ${municipality.org.id}, s, g, pa, s || ' ' || g, k, 'male'
        from unnest(${sql.param(["Садыков", "Садыков", "Садыкулов"])}::text[],
          ${sql.param(["Улан", "Айдар", "Улан"])}::text[], ${sql.param(["Асанович", "Улан уулу", "Садык уулу"])}::text[],
          ${sql.param(["Садыков Улан Асанович", "Садыков Айдар Улан уулу", "Садыкулов Улан Садык уулу"].map(searchKey))}::text[])
          as g(s, g, pa, k)`),
    );
    for (const q of ["Садыков Улан", "Улан Садыков", "Садыкав Улан", "Садыкулов", "Улан Садык"])
      for (const scope of [[municipality.org.id], "readable" as const]) {
        const found = await withSystem(t.database, (tx) =>
          searchPeopleIn(tx, scope, { q, page: 1, pageSize: 25 }, SEARCH_DAY),
        );
        expect(found.items.length, q).toBeGreaterThan(0);
        const scored = await withSystem(t.database, (tx) =>
          rows<{ id: string; score: number }>(
            tx,
            sql`select p.id, (${sql.join(
              nameWords(q).map(
                (w) => sql`word_similarity(${w}, p.search_key)
                    + word_similarity(${w}, split_part(p.search_key, ' ', 1) || ' ' || split_part(p.search_key, ' ', 2))`,
              ),
              sql` + `,
            )})::float8 as score from person p where p.id = any(${sql.param(found.items.map((p) => p.id))}::uuid[])`,
          ),
        );
        const expected = new Map(scored.map((r) => [r.id, r.score]));
        for (const hit of found.items)
          expect(hit.score, `${q}: ${hit.surname} ${hit.givenName}`).toBe(expected.get(hit.id));
      }
  });
});
