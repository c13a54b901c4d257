CREATE TABLE "billing_allocation" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"water_user_id" uuid NOT NULL,
	"amount_tyiyn" bigint NOT NULL,
	"voided_at" timestamp with time zone,
	CONSTRAINT "billing_allocation_amount" CHECK ("billing_allocation"."amount_tyiyn" > 0)
);
--> statement-breakpoint
CREATE TABLE "billing_closed_period" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"closed_at" timestamp with time zone NOT NULL,
	"closed_by" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_counter" (
	"org_id" uuid NOT NULL,
	"series" text NOT NULL,
	"last" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "billing_counter_org_id_series_pk" PRIMARY KEY("org_id","series")
);
--> statement-breakpoint
CREATE TABLE "billing_discount" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"water_user_id" uuid NOT NULL,
	"basis" text NOT NULL,
	"percent" numeric(5, 2),
	"amount_tyiyn" bigint,
	"reason" text NOT NULL,
	"decision_ref" text NOT NULL,
	"vulnerable" boolean DEFAULT false NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "billing_discount_basis" CHECK (("billing_discount"."basis" = 'percent') = ("billing_discount"."percent" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "billing_document" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"number" integer NOT NULL,
	"water_user_id" uuid NOT NULL,
	"season_id" uuid NOT NULL,
	"run_id" uuid,
	"issued_on" date NOT NULL,
	"due_on" date NOT NULL,
	"total_tyiyn" bigint NOT NULL,
	"lines" jsonb NOT NULL,
	"corrects_id" uuid,
	"posting_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_payment" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"water_user_id" uuid NOT NULL,
	"received_on" date NOT NULL,
	"amount_tyiyn" bigint NOT NULL,
	"method" text NOT NULL,
	"details" jsonb NOT NULL,
	"taken_by" uuid NOT NULL,
	"taken_by_name" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"posting_id" uuid NOT NULL,
	"reversed_at" timestamp with time zone,
	"reversed_by" uuid,
	"reversal_reason" text,
	"reversal_posting_id" uuid,
	CONSTRAINT "billing_payment_amount" CHECK ("billing_payment"."amount_tyiyn" > 0)
);
--> statement-breakpoint
CREATE TABLE "billing_posting" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"posted_on" date NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_posting_line" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"posting_id" uuid NOT NULL,
	"account" text NOT NULL,
	"water_user_id" uuid,
	"debit_tyiyn" bigint NOT NULL,
	"credit_tyiyn" bigint NOT NULL,
	CONSTRAINT "billing_posting_line_sides" CHECK ("billing_posting_line"."debit_tyiyn" >= 0 AND "billing_posting_line"."credit_tyiyn" >= 0 AND ("billing_posting_line"."debit_tyiyn" = 0) <> ("billing_posting_line"."credit_tyiyn" = 0))
);
--> statement-breakpoint
CREATE TABLE "billing_run" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"season_id" uuid NOT NULL,
	"run_on" date NOT NULL,
	"ran_by" uuid NOT NULL,
	"users" integer NOT NULL,
	"invoices" integer NOT NULL,
	"supplementary" integer NOT NULL,
	"credit_notes" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"net_tyiyn" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"penalty_rule" jsonb,
	"penalty_decision_ref" text,
	"in_kind_rates" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"due_days" integer DEFAULT 30 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_tariff" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"tariff_class" text,
	"crop" text,
	"payers" text NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date NOT NULL,
	"rate_tyiyn" bigint NOT NULL,
	"decision_body" text NOT NULL,
	"decision_ref" text NOT NULL,
	"decided_on" date NOT NULL,
	CONSTRAINT "billing_tariff_rate" CHECK ("billing_tariff"."rate_tyiyn" >= 0)
);
--> statement-breakpoint
ALTER TABLE "billing_posting_line" ADD CONSTRAINT "billing_posting_line_posting_id_billing_posting_id_fk" FOREIGN KEY ("posting_id") REFERENCES "public"."billing_posting"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_allocation_org_id_document_id_index" ON "billing_allocation" USING btree ("org_id","document_id");--> statement-breakpoint
CREATE INDEX "billing_allocation_org_id_source_id_index" ON "billing_allocation" USING btree ("org_id","source_id");--> statement-breakpoint
CREATE INDEX "billing_allocation_org_id_water_user_id_index" ON "billing_allocation" USING btree ("org_id","water_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_closed_period_org_id_period_id_index" ON "billing_closed_period" USING btree ("org_id","period_id");--> statement-breakpoint
CREATE INDEX "billing_discount_org_id_water_user_id_index" ON "billing_discount" USING btree ("org_id","water_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_document_org_id_number_index" ON "billing_document" USING btree ("org_id","number");--> statement-breakpoint
CREATE INDEX "billing_document_org_id_season_id_water_user_id_index" ON "billing_document" USING btree ("org_id","season_id","water_user_id");--> statement-breakpoint
CREATE INDEX "billing_document_org_id_water_user_id_index" ON "billing_document" USING btree ("org_id","water_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_payment_org_id_idempotency_key_index" ON "billing_payment" USING btree ("org_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "billing_payment_org_id_water_user_id_index" ON "billing_payment" USING btree ("org_id","water_user_id");--> statement-breakpoint
CREATE INDEX "billing_payment_org_id_received_on_index" ON "billing_payment" USING btree ("org_id","received_on");--> statement-breakpoint
CREATE INDEX "billing_posting_org_id_period_id_index" ON "billing_posting" USING btree ("org_id","period_id");--> statement-breakpoint
CREATE INDEX "billing_posting_org_id_source_id_index" ON "billing_posting" USING btree ("org_id","source_id");--> statement-breakpoint
CREATE INDEX "billing_posting_line_org_id_posting_id_index" ON "billing_posting_line" USING btree ("org_id","posting_id");--> statement-breakpoint
CREATE INDEX "billing_posting_line_org_id_water_user_id_index" ON "billing_posting_line" USING btree ("org_id","water_user_id");--> statement-breakpoint
CREATE INDEX "billing_run_org_id_season_id_index" ON "billing_run" USING btree ("org_id","season_id");--> statement-breakpoint
CREATE INDEX "billing_tariff_org_id_valid_from_index" ON "billing_tariff" USING btree ("org_id","valid_from");--> statement-breakpoint
SELECT app_protect_tenant_table('billing_tariff');--> statement-breakpoint
SELECT app_protect_tenant_table('billing_discount');--> statement-breakpoint
SELECT app_protect_tenant_table('billing_settings');--> statement-breakpoint
SELECT app_protect_tenant_table('billing_run');--> statement-breakpoint
SELECT app_protect_tenant_table('billing_document');--> statement-breakpoint
SELECT app_protect_tenant_table('billing_payment');--> statement-breakpoint
SELECT app_protect_tenant_table('billing_allocation');--> statement-breakpoint
SELECT app_protect_tenant_table('billing_posting');--> statement-breakpoint
SELECT app_protect_tenant_table('billing_posting_line');--> statement-breakpoint
SELECT app_protect_tenant_table('billing_closed_period');--> statement-breakpoint
SELECT app_protect_tenant_table('billing_counter');--> statement-breakpoint
-- hand-written
-- The ledger and issued documents are append-only: corrections are new postings and documents.
CREATE FUNCTION billing_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'billing.appendOnly: % rows are never changed or deleted', TG_TABLE_NAME
    USING ERRCODE = 'P0001';
END $$;--> statement-breakpoint
CREATE TRIGGER billing_posting_append_only BEFORE UPDATE OR DELETE ON billing_posting
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();--> statement-breakpoint
CREATE TRIGGER billing_posting_line_append_only BEFORE UPDATE OR DELETE ON billing_posting_line
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();--> statement-breakpoint
CREATE TRIGGER billing_document_append_only BEFORE UPDATE OR DELETE ON billing_document
  FOR EACH ROW EXECUTE FUNCTION billing_append_only();--> statement-breakpoint
-- Every posting balances: checked at commit, once per posting, so its lines may be written in any
-- order and number of statements (a restore too).
CREATE FUNCTION billing_posting_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  debit bigint;
  credit bigint;
BEGIN
  SELECT coalesce(sum(debit_tyiyn), 0), coalesce(sum(credit_tyiyn), 0) INTO debit, credit
    FROM billing_posting_line WHERE posting_id = NEW.id;
  IF debit <> credit OR debit = 0 THEN
    RAISE EXCEPTION 'billing.unbalancedPosting: posting % has debits % and credits %', NEW.id, debit, credit
      USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER billing_posting_balanced AFTER INSERT ON billing_posting
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_posting_balanced();--> statement-breakpoint
-- A line may only join a posting written in the same transaction (whose balance is still to be
-- checked at commit): an old, checked posting cannot be unbalanced by a late line. Once per
-- statement, over the statement's new lines.
CREATE FUNCTION billing_posting_line_fresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stale uuid;
BEGIN
  SELECT n.posting_id INTO stale FROM new_lines n
    LEFT JOIN billing_posting p ON p.id = n.posting_id
      AND p.xmin::text = (txid_current() % 4294967296)::text
    WHERE p.id IS NULL LIMIT 1;
  IF stale IS NOT NULL THEN
    RAISE EXCEPTION 'billing.unbalancedPosting: posting % was written by an earlier transaction', stale
      USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER billing_posting_line_fresh AFTER INSERT ON billing_posting_line
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION billing_posting_line_fresh();--> statement-breakpoint
-- A closed season's postings are locked: nothing more is posted into its period.
CREATE FUNCTION billing_period_open() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed uuid;
BEGIN
  SELECT n.period_id INTO closed FROM new_postings n
    JOIN billing_closed_period c ON c.org_id = n.org_id AND c.period_id = n.period_id LIMIT 1;
  IF closed IS NOT NULL THEN
    RAISE EXCEPTION 'billing.periodClosed: period % is closed', closed USING ERRCODE = 'P0001';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER billing_posting_period_open AFTER INSERT ON billing_posting
  REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION billing_period_open();
