-- Whose book a former number is of is read from the hand-over's life event (it names the organisation,
-- which the successor may read); this copy of its id was never read.
ALTER TABLE "household" DROP COLUMN "former_org_id";