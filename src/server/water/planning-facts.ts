import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../platform/db.js";
import { canalReach, contractPlot, irrigatedPlot, season, waterContract, waterUser } from "./tables.js";

/**
 * What planning reads of the water register: seasons, contracts with their plots, plots with their
 * outlets, and the canal network. Read-only; the caller's transaction (and its row-level security)
 * decides what is visible.
 */

export async function listSeasons(tx: Tx, orgId: string) {
  return tx
    .select({
      id: season.id,
      year: season.year,
      name: season.name,
      startsOn: season.startsOn,
      endsOn: season.endsOn,
      closedAt: season.closedAt,
    })
    .from(season)
    .where(eq(season.orgId, orgId))
    .orderBy(asc(season.startsOn));
}

export async function findSeason(tx: Tx, orgId: string, seasonId: string) {
  const [row] = await tx
    .select({
      id: season.id,
      name: season.name,
      startsOn: season.startsOn,
      endsOn: season.endsOn,
      closedAt: season.closedAt,
    })
    .from(season)
    .where(and(eq(season.orgId, orgId), eq(season.id, seasonId)));
  return row ?? null;
}

export interface ContractedPlot {
  plotId: string;
  outletId: string;
  cadastralNumber: string | null;
  plotAreaHa: number;
  cropCode: string;
  contractedAreaHa: number;
}

export interface SeasonContract {
  contractId: string;
  number: string;
  waterUserId: string;
  waterUserNumber: number;
  waterUserName: string;
  plots: ContractedPlot[];
}

/** The season's contracts in force (draft or signed, not terminated), with what each covers. */
export async function seasonContracts(tx: Tx, orgId: string, seasonId: string): Promise<SeasonContract[]> {
  const contracts = await tx
    .select({
      contractId: waterContract.id,
      number: waterContract.number,
      waterUserId: waterUser.id,
      waterUserNumber: waterUser.number,
      waterUserName: waterUser.displayName,
    })
    .from(waterContract)
    .innerJoin(waterUser, eq(waterUser.id, waterContract.waterUserId))
    .where(
      and(
        eq(waterContract.orgId, orgId),
        eq(waterContract.seasonId, seasonId),
        inArray(waterContract.status, ["draft", "signed"]),
      ),
    )
    .orderBy(asc(waterUser.number));
  if (contracts.length === 0) return [];
  const plots = await tx
    .select({
      contractId: contractPlot.contractId,
      plotId: irrigatedPlot.id,
      plotUserId: irrigatedPlot.waterUserId,
      outletId: irrigatedPlot.outletId,
      cadastralNumber: irrigatedPlot.cadastralNumber,
      plotAreaHa: irrigatedPlot.areaHa,
      cropCode: contractPlot.cropCode,
      contractedAreaHa: contractPlot.areaHa,
    })
    .from(contractPlot)
    .innerJoin(irrigatedPlot, eq(irrigatedPlot.id, contractPlot.plotId))
    .where(
      and(
        eq(contractPlot.orgId, orgId),
        inArray(
          contractPlot.contractId,
          contracts.map((c) => c.contractId),
        ),
        isNull(irrigatedPlot.endedOn),
      ),
    );
  return contracts.map((c) => ({
    ...c,
    plots: plots
      // A plot counts only while it is the contract holder's own.
      .filter((p) => p.contractId === c.contractId && p.plotUserId === c.waterUserId)
      .map(({ contractId: _, plotUserId: __, ...p }) => p),
  }));
}

/** The canal network in force: reaches with their parents and conveyance efficiencies. */
export async function networkReaches(tx: Tx, orgId: string) {
  return tx
    .select({
      id: canalReach.id,
      parentId: canalReach.parentId,
      code: canalReach.code,
      name: canalReach.name,
      kind: canalReach.kind,
      efficiency: canalReach.efficiency,
    })
    .from(canalReach)
    .where(and(eq(canalReach.orgId, orgId), isNull(canalReach.retiredOn)))
    .orderBy(asc(canalReach.code));
}
