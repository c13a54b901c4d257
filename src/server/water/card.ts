import { type RequestContext, requireActor } from "../platform/context.js";
import type { Database } from "../platform/db.js";
import { listContracts } from "./contracts.js";
import { currentLink, sharedFlags } from "./links.js";
import { plotsOf } from "./plots.js";
import { loadWaterUser, withWater } from "./users.js";

/**
 * The water user card: details, plots, contracts, and the link to the municipality's register with
 * the household's vulnerability flags while it is confirmed (read after the provider's transaction).
 */
export async function waterUserCard(database: Database, ctx: RequestContext, id: string) {
  const { user, plots, link } = await withWater(database, ctx, async (tx) => {
    const orgId = requireActor(ctx).orgId;
    return {
      user: await loadWaterUser(tx, orgId, id),
      plots: await plotsOf(tx, orgId, id),
      link: await currentLink(tx, id),
    };
  });
  const contracts = await listContracts(database, ctx, { waterUserId: id, page: 1, pageSize: 100 });
  const flags = await sharedFlags(database, ctx, link);
  return {
    ...user,
    plots,
    contracts: contracts.items,
    link: link && {
      id: link.id,
      status: link.status,
      version: link.version,
      proposedAt: link.proposedAt,
      decidedAt: link.decidedAt,
      reason: link.reason,
      flags,
    },
  };
}
