-- hand-written
-- Every request reads its session: the user, their roles and organisation in the active
-- organisation, and what a district office may read. Sent as a script of literals, the query was
-- parsed and planned with every request; in PL/pgSQL its plan stays with the connection.
--
-- With `enter_tenant`, the function also makes the transaction the session's tenant: it sets what
-- withTenant sets (src/server/platform/transactions.ts), from the same values the service builds
-- its actor from, and switches to aimak_app last. A read-only request can then look up its session
-- and open its tenant transaction in one round trip. Nothing is set unless the session has an
-- actor (an active organisation in which the user holds a role); the service rolls the
-- transaction back whenever it refuses the session.
CREATE FUNCTION app_session(session_token_hash text, instant timestamptz, enter_tenant boolean)
RETURNS TABLE (
  "activeOrgId" uuid, "csrfToken" text, "createdAt" timestamptz, "lastSeenAt" timestamptz, "userId" uuid,
  username text, locale text, "disabledAt" timestamptz, roles text[], "orgKind" text, "timeZone" text,
  "readOrgIds" uuid[], "organisationCount" integer
) LANGUAGE plpgsql AS $$
BEGIN
  SELECT s.active_org_id, s.csrf_token, s.created_at, s.last_seen_at, u.id, u.username, u.locale, u.disabled_at,
    coalesce((SELECT array_agg(m.role) FROM membership m WHERE m.user_id = s.user_id AND m.org_id = s.active_org_id), '{}'),
    o.kind, o.time_zone
  INTO "activeOrgId", "csrfToken", "createdAt", "lastSeenAt", "userId", username, locale, "disabledAt", roles,
    "orgKind", "timeZone"
  FROM session s JOIN app_user u ON u.id = s.user_id LEFT JOIN organisation o ON o.id = s.active_org_id
  WHERE s.token_hash = session_token_hash AND s.expires_at > instant;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  IF "orgKind" = 'district-office' THEN
    "readOrgIds" := app_organisations_read_by("activeOrgId");
    "organisationCount" := (SELECT count(*)::int FROM organisation);
  END IF;
  IF enter_tenant AND "disabledAt" IS NULL AND "orgKind" IS NOT NULL AND cardinality(roles) > 0 THEN
    PERFORM set_config('aimak.user_id', "userId"::text, true),
      set_config('aimak.org_id', "activeOrgId"::text, true),
      set_config('aimak.read_org_ids', array_to_string(coalesce("readOrgIds", ARRAY["activeOrgId"]), ','), true),
      set_config('aimak.reads_every_org',
        CASE WHEN cardinality("readOrgIds") = "organisationCount" THEN 'on' ELSE '' END, true);
    PERFORM set_config('role', 'aimak_app', true);
  END IF;
  RETURN NEXT;
END $$;
