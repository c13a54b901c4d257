ALTER TABLE "billing_posting_line" DROP CONSTRAINT "billing_posting_line_posting_id_billing_posting_id_fk";
--> statement-breakpoint
DROP INDEX "billing_posting_line_org_id_water_user_id_index";--> statement-breakpoint
ALTER TABLE "billing_settings" ADD COLUMN "instalments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "billing_posting_created_at_index" ON "billing_posting" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "billing_posting_line_org_id_water_user_id_index" ON "billing_posting_line" USING btree ("org_id","water_user_id") WHERE "billing_posting_line"."water_user_id" is not null;--> statement-breakpoint

-- hand-written
-- Every posting balances, checked at commit: the first posting's check covers every posting its
-- transaction created for the organisation (one query, not one per posting) and marks the
-- transaction checked; the others then return at once. Any later insert into the ledger clears the mark (see the two
-- statement triggers below), so a posting or line written after a check is checked again. A
-- posting given another creation time (a restore) is checked alone, as before.
CREATE OR REPLACE FUNCTION billing_posting_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  IF NEW.created_at = now() THEN
    IF current_setting('aimak.postings_balanced', true) = txid_current()::text || ':' || NEW.org_id::text THEN
      RETURN NULL;
    END IF;
    -- The organisation as a constant, so each posting's lines come from the (org_id, posting_id)
    -- index alone (with row-level security's org_id = any(…) beside a join column, the planner
    -- may AND it with a scan of all the organisation's lines, once per posting).
    SELECT p.id, coalesce(sum(l.debit_tyiyn), 0) AS debit, coalesce(sum(l.credit_tyiyn), 0) AS credit INTO bad
      FROM billing_posting p
      LEFT JOIN billing_posting_line l ON l.org_id = NEW.org_id AND l.posting_id = p.id
      WHERE p.created_at = now() AND p.org_id = NEW.org_id
      GROUP BY p.id
      HAVING coalesce(sum(l.debit_tyiyn), 0) <> coalesce(sum(l.credit_tyiyn), 0) OR coalesce(sum(l.debit_tyiyn), 0) = 0
      LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'billing.unbalancedPosting: posting % has debits % and credits %', bad.id, bad.debit, bad.credit
        USING ERRCODE = 'P0001';
    END IF;
    PERFORM set_config('aimak.postings_balanced', txid_current()::text || ':' || NEW.org_id::text, true);
    RETURN NULL;
  END IF;
  SELECT NEW.id AS id, coalesce(sum(debit_tyiyn), 0) AS debit, coalesce(sum(credit_tyiyn), 0) AS credit INTO bad
    FROM billing_posting_line WHERE org_id = NEW.org_id AND posting_id = NEW.id;
  IF bad.debit <> bad.credit OR bad.debit = 0 THEN
    RAISE EXCEPTION 'billing.unbalancedPosting: posting % has debits % and credits %', NEW.id, bad.debit, bad.credit
      USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
-- A line may only join a posting written in the same transaction (whose balance is still to be
-- checked at commit): this also stands for the foreign key, once per posting of the statement
-- instead of once per line.
CREATE OR REPLACE FUNCTION billing_posting_line_fresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stale uuid;
BEGIN
  PERFORM set_config('aimak.postings_balanced', '', true);
  SELECT n.posting_id INTO stale FROM (SELECT DISTINCT posting_id FROM new_lines) n
    LEFT JOIN billing_posting p ON p.id = n.posting_id
      AND p.xmin::text = (txid_current() % 4294967296)::text
    WHERE p.id IS NULL LIMIT 1;
  IF stale IS NOT NULL THEN
    RAISE EXCEPTION 'billing.unbalancedPosting: posting % was written by an earlier transaction', stale
      USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION billing_period_open() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed uuid;
BEGIN
  PERFORM set_config('aimak.postings_balanced', '', true);
  SELECT n.period_id INTO closed FROM new_postings n
    JOIN billing_closed_period c ON c.org_id = n.org_id AND c.period_id = n.period_id LIMIT 1;
  IF closed IS NOT NULL THEN
    RAISE EXCEPTION 'billing.periodClosed: period % is closed', closed USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;
