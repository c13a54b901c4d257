import { and, eq } from "drizzle-orm";
import { uuidv7 } from "uuidv7";
import type { Locale } from "../../domain/places/units.js";
import { recordAudit } from "../audit/service.js";
import type { RequestContext } from "../platform/context.js";
import type { Tx } from "../platform/db.js";
import type { Role } from "./roles.js";
import { hashPassword } from "./secrets.js";
import { appUser, membership } from "./tables.js";

/**
 * Creates a login (or reuses one with the same username) and gives it roles in an organisation,
 * the home of a login it creates.
 * For the CLI and the demo, which run as the system; requests use users.createUser.
 */
export async function createUserAsSystem(
  tx: Tx,
  ctx: RequestContext,
  input: {
    orgId: string;
    username: string;
    displayName: string;
    password: string;
    locale: Locale;
    roles: Role[];
  },
) {
  const username = input.username.trim().toLowerCase();
  let [user] = await tx.select({ id: appUser.id }).from(appUser).where(eq(appUser.username, username));
  if (!user) {
    const id = uuidv7();
    await tx.insert(appUser).values({
      id,
      username,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      locale: input.locale,
      homeOrgId: input.orgId,
    });
    user = { id };
  }
  for (const role of input.roles) {
    const held = await tx
      .select({ id: membership.id })
      .from(membership)
      .where(
        and(eq(membership.orgId, input.orgId), eq(membership.userId, user.id), eq(membership.role, role)),
      );
    if (held.length === 0)
      await tx.insert(membership).values({ id: uuidv7(), orgId: input.orgId, userId: user.id, role });
  }
  await recordAudit(tx, ctx, {
    orgId: input.orgId,
    action: "create",
    entity: "user",
    entityId: user.id,
    after: { username, displayName: input.displayName, roles: input.roles },
  });
  return user.id;
}
