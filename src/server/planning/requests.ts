import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import { cropByCode } from "../../domain/planning/crops.js";
import type { IrrigationMethod } from "../../domain/planning/requirement.js";
import { dayAheadIssues } from "../../domain/shared/day-ahead.js";
import { DomainError, type FieldIssue } from "../../domain/shared/errors.js";
import { recordAudit } from "../audit/service.js";
import type { RequestContext } from "../platform/context.js";
import type { Tx } from "../platform/db.js";
import { organisationToday } from "../platform/local-day.js";
import { findSeason, type SeasonContract, seasonContracts } from "../water/planning-facts.js";
import { waterRequest, waterRequestLine } from "./tables.js";

export interface RequestLineInput {
  plotId: string;
  cropCode: string;
  areaHa: number;
  plantingDate: string;
  irrigationMethod: IrrigationMethod;
}

export async function loadSeason(tx: Tx, orgId: string, seasonId: string) {
  const found = await findSeason(tx, orgId, seasonId);
  if (!found) throw new DomainError("notFound.season");
  return found;
}

/** A closed season's books are locked: its requests and plans stay as they were. */
export async function openSeason(tx: Tx, orgId: string, seasonId: string) {
  const found = await loadSeason(tx, orgId, seasonId);
  if (found.closedAt) throw new DomainError("planning.seasonClosed", { season: found.name });
  return found;
}

async function requestsOf(tx: Tx, orgId: string, seasonId: string) {
  const requests = await tx
    .select()
    .from(waterRequest)
    .where(and(eq(waterRequest.orgId, orgId), eq(waterRequest.seasonId, seasonId)));
  const lines =
    requests.length === 0
      ? []
      : await tx
          .select()
          .from(waterRequestLine)
          .where(
            inArray(
              waterRequestLine.requestId,
              requests.map((r) => r.id),
            ),
          )
          .orderBy(asc(waterRequestLine.plantingDate));
  return requests.map((r) => ({
    id: r.id,
    waterUserId: r.waterUserId,
    submittedOn: r.submittedOn,
    version: r.version,
    lines: lines
      .filter((l) => l.requestId === r.id)
      .map(({ plotId, cropCode, areaHa, plantingDate, irrigationMethod }) => ({
        plotId,
        cropCode,
        areaHa,
        plantingDate,
        irrigationMethod,
      })),
  }));
}

/** Each contract of the season with what it covers, and the user's request when there is one. */
export async function seasonRequests(tx: Tx, orgId: string, seasonId: string) {
  const season = await loadSeason(tx, orgId, seasonId);
  const contracts = await seasonContracts(tx, orgId, seasonId);
  const requests = await requestsOf(tx, orgId, seasonId);
  return {
    season,
    users: contracts.map((c) => ({
      ...c,
      request: requests.find((r) => r.waterUserId === c.waterUserId) ?? null,
    })),
  };
}

/**
 * Checks a request against the user's contract of the season: handed in on a day that has come,
 * only plots the contract covers (and that are the user's), a known crop, a planting date not after
 * the season's end, and per plot no more area than contracted. Every problem is reported, by line
 * and field.
 */
export function requestIssues(
  contract: SeasonContract,
  season: { startsOn: string; endsOn: string },
  { submittedOn, lines }: { submittedOn: string; lines: readonly RequestLineInput[] },
  today: string,
): FieldIssue[] {
  const issues: FieldIssue[] = dayAheadIssues(["submittedOn"], submittedOn, today);
  const contracted = new Map<string, number>();
  for (const p of contract.plots)
    contracted.set(p.plotId, (contracted.get(p.plotId) ?? 0) + p.contractedAreaHa);
  const requested = new Map<string, number>();
  lines.forEach((line, i) => {
    if (!contracted.has(line.plotId))
      issues.push({ path: ["lines", i, "plotId"], code: "plotNotContracted" });
    if (!cropByCode(line.cropCode))
      issues.push({ path: ["lines", i, "cropCode"], code: "unknownCrop", params: { code: line.cropCode } });
    // A crop sown before the season (winter wheat in autumn) still needs the season's water.
    if (line.plantingDate > season.endsOn)
      issues.push({
        path: ["lines", i, "plantingDate"],
        code: "outsideSeason",
        params: { date: line.plantingDate, from: season.startsOn, to: season.endsOn },
      });
    requested.set(line.plotId, (requested.get(line.plotId) ?? 0) + line.areaHa);
  });
  lines.forEach((line, i) => {
    const limit = contracted.get(line.plotId);
    const total = requested.get(line.plotId)!;
    // Areas are kept to 4 decimals (numeric(12,4)); compare at that precision.
    if (limit !== undefined && Math.round(total * 1e4) > Math.round(limit * 1e4))
      issues.push({
        path: ["lines", i, "areaHa"],
        code: "areaAboveContract",
        params: { areaHa: Number(total.toFixed(4)), contractedHa: limit },
      });
  });
  return issues;
}

/** Records (or replaces) a user's request for the season; `version` null creates it. */
export async function saveRequest(
  tx: Tx,
  ctx: RequestContext,
  orgId: string,
  seasonId: string,
  waterUserId: string,
  input: { submittedOn: string; lines: RequestLineInput[]; version: number | null },
) {
  const season = await openSeason(tx, orgId, seasonId);
  const contract = (await seasonContracts(tx, orgId, seasonId)).find((c) => c.waterUserId === waterUserId);
  if (!contract) throw new DomainError("planning.noContract");
  const issues = requestIssues(contract, season, input, organisationToday(ctx));
  if (issues.length > 0) throw new DomainError("planning.requestInvalid", { count: issues.length }, issues);

  const [before] = await tx
    .select()
    .from(waterRequest)
    .where(and(eq(waterRequest.seasonId, seasonId), eq(waterRequest.waterUserId, waterUserId)));
  let requestId: string;
  if (!before) {
    if (input.version !== null) throw new DomainError("conflict.version", { current: 0 });
    requestId = uuidv7();
    await tx
      .insert(waterRequest)
      .values({ id: requestId, orgId, seasonId, waterUserId, submittedOn: input.submittedOn });
  } else {
    const [updated] = await tx
      .update(waterRequest)
      .set({
        submittedOn: input.submittedOn,
        version: sql`${waterRequest.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(waterRequest.id, before.id), eq(waterRequest.version, input.version ?? 0)))
      .returning();
    if (!updated) throw new DomainError("conflict.version", { current: before.version });
    requestId = before.id;
    await tx.delete(waterRequestLine).where(eq(waterRequestLine.requestId, requestId));
  }
  if (input.lines.length > 0)
    await tx
      .insert(waterRequestLine)
      .values(input.lines.map((l) => ({ id: uuidv7(), orgId, requestId, ...l })));
  const saved = (await requestsOf(tx, orgId, seasonId)).find((r) => r.id === requestId)!;
  await recordAudit(tx, ctx, {
    action: before ? "update" : "create",
    entity: "water_request",
    entityId: requestId,
    before: before ?? null,
    after: saved,
  });
  return saved;
}

/** The season's request lines, for the plan. */
export async function requestLines(tx: Tx, orgId: string, seasonId: string) {
  return (await requestsOf(tx, orgId, seasonId)).flatMap((r) =>
    r.lines.map((l) => ({ ...l, waterUserId: r.waterUserId })),
  );
}
