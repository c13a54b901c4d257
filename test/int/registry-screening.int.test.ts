import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchKey } from "../../src/domain/registry/names.js";
import { ioTurn } from "../../src/server/platform/db.js";
import { withSystem } from "../../src/server/platform/transactions.js";
import {
  type ScreenedPerson,
  screenAgainstRegister,
  screeningChain,
} from "../../src/server/registry/screening.js";
import { seedAimak, seedOrganisation, startTestApp, type TestApp } from "../support/app.js";

// An import screens its book's people a slice at a time while it reads on (screeningChain): what it
// finds must be what one statement over the whole batch finds.
describe("screening a batch a part at a time", () => {
  let t: TestApp;
  let orgIds: string[];

  beforeAll(async () => {
    t = await startTestApp();
    orgIds = [];
    for (const code of ["41703220990000", "41703220991000"]) {
      await seedAimak(t.database, code, 1);
      orgIds.push((await seedOrganisation(t.database, { adminUnitCode: code, users: {} })).org.id);
    }
    // Both municipalities hold a PIN and a name; the second also a namesake without a PIN.
    await withSystem(t.database, async (tx) => {
      for (const [i, orgId] of orgIds.entries())
        await tx.execute(sql`insert into person (id, org_id, surname, given_name, name_latin, search_key, sex, pin, birth_date)
          values (gen_random_uuid(), ${orgId}, 'Садыков', 'Бакыт', 'Sadykov Bakyt', ${searchKey("Садыков Бакыт")},
                  'male', '21002198012345', '1980-02-10'),
                 (gen_random_uuid(), ${orgId}, 'Осмонова', 'Гүлмира', 'Osmonova Gulmira', ${searchKey("Осмонова Гүлмира")},
                  'female', ${i === 0 ? "11203199045678" : null}, '1990-03-12')`);
    });
  });
  afterAll(() => t.close());

  it("finds, by row and organisation, what one statement over the whole batch finds", async () => {
    const person = (row: number, name: string, pin: string | null, birthDate: string): ScreenedPerson => ({
      row,
      pin,
      searchKey: searchKey(name),
      birthDate,
    });
    const batch = [
      person(2, "Садыков Бакыт", "21002198012345", "1980-02-10"),
      person(3, "Асанов Мирлан", null, "2001-01-01"),
      person(4, "Осмонова Гүлмира", null, "1990-03-12"),
      person(5, "Садыков Бакыт", null, "1980-02-10"),
      person(6, "Осмонова Гүлмира", "11203199045678", "1990-03-12"),
      person(7, "Асанова Айпери", null, "2003-04-04"),
    ];
    await withSystem(t.database, async (tx) => {
      const whole = await screenAgainstRegister(tx, batch);
      // Parts given while a statement is under way wait for it, then go together.
      const screening = screeningChain(tx);
      screening.screen(batch.slice(0, 2));
      screening.screen(batch.slice(2, 3));
      screening.screen([]);
      await ioTurn();
      screening.screen(batch.slice(3));
      const inParts = await screening.matches();
      expect(inParts).toEqual(whole);
      expect(new Set(whole.map((m) => m.row))).toEqual(new Set([2, 4, 5, 6]));
      // Row 2 in both organisations, the PIN the reason.
      expect(whole.filter((m) => m.row === 2)).toEqual(
        [...orgIds].sort().map((orgId) => ({ row: 2, reason: "same-pin", orgId })),
      );
    });
  });

  it("screens nothing when given no one", async () => {
    await withSystem(t.database, async (tx) => {
      const screening = screeningChain(tx);
      screening.screen([]);
      expect(await screening.matches()).toEqual([]);
    });
  });
});
