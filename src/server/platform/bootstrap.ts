import { sql } from "drizzle-orm";
import { bundledUnits, importUnits } from "../places/service.js";
import { fillAddressKeys } from "../registry/address-keys.js";
import { ensureRegisterDefaults } from "../registry/defaults.js";
import type { Config } from "./config.js";
import { type Database, openDatabase, rows } from "./db.js";
import { migrateDatabase } from "./migrate.js";
import { withSystem } from "./transactions.js";

/** Opens the database, applies migrations and loads the bundled reference data if missing. */
export async function prepareDatabase(config: Config["database"]): Promise<Database> {
  const database = await openDatabase(config);
  try {
    await migrateDatabase(database);
    await withSystem(database, async (tx) => {
      await importUnits(tx, bundledUnits("kg"));
      // Municipalities made before a criterion or certificate kind existed get the defaults too.
      const municipalities = await rows<{ id: string }>(
        tx,
        sql`select id from organisation where kind = 'ayil-okmotu'`,
      );
      for (const { id } of municipalities) await ensureRegisterDefaults(tx, id);
      // Households written before their address had a search key (migration 0042) get it.
      await fillAddressKeys(tx);
    });
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

export async function isEmpty(database: Database): Promise<boolean> {
  return withSystem(database, async (tx) => {
    const [count] = await rows<{ n: number }>(tx, sql`select count(*)::int as n from organisation`);
    return count!.n === 0;
  });
}
