-- hand-written: cadastral numbers are now written the one way the register keeps them when entered
-- (readCadastralNumber in domain/registry/cadastral-number.ts: any dash read as a hyphen, the
-- spaces about the hyphens and around the number dropped, digits in 2 to 8 groups), so "the number
-- is already held" matches the same number typed otherwise. Those stored before keep the spacing
-- they were typed with and are matched only as typed: here they are written the same way, in the
-- same steps, where the result is such a number.
-- Left as they are:
-- - a text that is no cadastral number even so (a clerk reads and corrects it);
-- - a plot in force whose number, so written, another plot in force holds or would hold where a
--   number names one plot (a municipality's land plots; a water user's plots, which a network
--   file finds by the user's number and the cadastral number): no index refuses two, but the
--   register's rule does, and which is the right one only a clerk can tell. An ended plot's number
--   is written the normal way whatever holds it since (ended, the number may be taken again).
-- Like the earlier data migrations (0033, 0039), no audit record: the chain's hash is computed in
-- the application, and the number's value is the same. An irrigated plot's version moves on, so a
-- form opened before this is refused as stale rather than writing the old spelling back.
-- As the system role: the tables' owner is bound by the forced policies and would see no row.
SET LOCAL ROLE aimak_system;--> statement-breakpoint
WITH stored AS (
  SELECT 'land' AS kind, "id", "org_id" AS one_holder_in, "to_date" IS NULL AS in_force, "cadastral_number" AS typed
  FROM "land_plot" WHERE "cadastral_number" IS NOT NULL
  UNION ALL
  SELECT 'water', "id", "water_user_id", "ended_on" IS NULL, "cadastral_number"
  FROM "irrigated_plot" WHERE "cadastral_number" IS NOT NULL
), read AS (
  -- Every space (JavaScript's \s) made a plain one first: one left where the rule drops none is no
  -- cadastral number either way.
  SELECT stored.*,
    btrim(regexp_replace(regexp_replace(
      regexp_replace(typed, '[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]', ' ', 'g'),
      '[\u2010-\u2015\u2212]', '-', 'g'), ' *- *', '-', 'g'), ' ') AS written
  FROM stored
), rewritten AS (
  SELECT r.* FROM read r
  WHERE r.written <> r.typed
    AND r.written ~ '^[0-9]{1,6}(-[0-9]{1,6}){1,7}$'
    AND NOT (r.in_force AND EXISTS (
      SELECT FROM read other
      WHERE other.kind = r.kind AND other.one_holder_in = r.one_holder_in AND other.in_force
        AND other.id <> r.id AND other.written = r.written))
), land AS (
  UPDATE "land_plot" p SET "cadastral_number" = r.written
  FROM rewritten r WHERE r.kind = 'land' AND p."id" = r."id"
), water AS (
  UPDATE "irrigated_plot" p SET "cadastral_number" = r.written, "version" = p."version" + 1, "updated_at" = now()
  FROM rewritten r WHERE r.kind = 'water' AND p."id" = r."id"
)
SELECT;--> statement-breakpoint
RESET ROLE;
