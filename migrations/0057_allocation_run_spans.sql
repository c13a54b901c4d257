-- A run whose period a user leaves part way through (archived on a day inside it) is cut in spans
-- at the days users leave, each allocated and rotated on its own: the run keeps its spans, and each
-- share what it gets in each span. Null for a run of one span (every run before this one).
ALTER TABLE "allocation_run" ADD COLUMN "spans" jsonb;--> statement-breakpoint
ALTER TABLE "allocation_share" ADD COLUMN "span_allocated_m3" jsonb;