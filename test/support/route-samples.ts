/**
 * One sample request for every API route, keyed "METHOD /url". The isolation and access tests
 * walk the app's route table and fail on any route missing here, so a new route cannot escape them.
 * `ids` name the records the request targets (another organisation's, for the isolation test).
 */
export interface TargetIds {
  orgId: string;
  userId: string;
  tokenId: string;
  placeCode: string;
  smsId: string;
  /** Register records; the access test leaves them out (an unknown id answers 404, never 403). */
  householdId?: string;
  personId?: string;
  plotId?: string;
  flagId?: string;
  eventId?: string;
  certificateId?: string;
  villageCode?: string;
  seasonId?: string;
  allocationRunId?: string;
  /** Canal network records of a water provider. */
  reachId?: string;
  structureId?: string;
  /** Water register records (a water provider's). */
  waterUserId?: string;
  waterPlotId?: string;
  contractId?: string;
  linkId?: string;
}

const NO_SUCH = "00000000-0000-7000-8000-000000000000";

export interface Sample {
  url: string;
  body?: unknown;
  /**
   * What the route does with another organisation's ids:
   * - "targets": addresses a record by id; must answer 403/404
   * - "lists": returns the caller's own records; must contain nothing of the other organisation
   * - "own": acts only on the caller's own session or organisation
   * - "shared": shared reference data (no tenant)
   * - "public": no sign-in
   */
  kind: "targets" | "lists" | "own" | "shared" | "public";
}

export function routeSamples(ids: TargetIds, version = 1): Record<string, Sample> {
  const h = ids.householdId ?? NO_SUCH;
  const personId = ids.personId ?? NO_SUCH;
  const village = ids.villageCode ?? "41703220000000";
  const run = ids.allocationRunId ?? NO_SUCH;
  const person = { surname: "Асанов", givenName: "Айбек", sex: "male", birthDate: "1980-05-15" };
  return {
    "GET /healthz": { url: "/healthz", kind: "public" },
    "POST /api/auth/login": {
      url: "/api/auth/login",
      body: { username: "x", password: "y" },
      kind: "public",
    },
    "GET /api/auth/session": { url: "/api/auth/session", kind: "own" },
    "POST /api/auth/organisation": {
      url: "/api/auth/organisation",
      body: { orgId: ids.orgId },
      kind: "targets",
    },
    "POST /api/auth/logout": { url: "/api/auth/logout", kind: "own" },
    "POST /api/auth/logout-everywhere": { url: "/api/auth/logout-everywhere", kind: "own" },
    "PATCH /api/me": { url: "/api/me", body: { locale: "ru" }, kind: "own" },
    "GET /api/users": { url: "/api/users", kind: "lists" },
    "POST /api/users": {
      url: "/api/users",
      body: {
        username: `sample${Math.random().toString(36).slice(2, 8)}`,
        displayName: "S",
        password: "a-good-password",
        roles: ["clerk"],
      },
      kind: "own",
    },
    "POST /api/users/existing": {
      url: "/api/users/existing",
      body: { username: "no.such.login", roles: ["clerk"] },
      kind: "own",
    },
    "GET /api/users/:userId": { url: `/api/users/${ids.userId}`, kind: "targets" },
    "PATCH /api/users/:userId": {
      url: `/api/users/${ids.userId}`,
      body: { version, displayName: "Changed" },
      kind: "targets",
    },
    "GET /api/tokens": { url: "/api/tokens", kind: "lists" },
    "POST /api/tokens": { url: "/api/tokens", body: { name: "sample", role: "auditor" }, kind: "own" },
    "DELETE /api/tokens/:tokenId": { url: `/api/tokens/${ids.tokenId}`, kind: "targets" },
    "GET /api/roles": { url: "/api/roles", kind: "shared" },
    "GET /api/organisation": { url: "/api/organisation", kind: "lists" },
    "PATCH /api/organisation": {
      url: "/api/organisation",
      body: { version, details: { phone: "1" } },
      kind: "own",
    },
    "GET /api/organisations": { url: "/api/organisations", kind: "lists" },
    "GET /api/places": { url: "/api/places?level=oblast", kind: "shared" },
    "GET /api/places/:code": { url: `/api/places/${ids.placeCode}`, kind: "shared" },
    "GET /api/audit": { url: `/api/audit?userId=${ids.userId}`, kind: "lists" },
    "GET /api/audit/verify": { url: "/api/audit/verify", kind: "lists" },
    "GET /api/sms": { url: "/api/sms", kind: "lists" },
    "POST /api/sms": { url: "/api/sms", body: { to: "0555 00 00 00", body: "Салам" }, kind: "own" },
    "POST /api/sms/:smsId/retry": { url: `/api/sms/${ids.smsId}/retry`, kind: "targets" },
    "POST /api/sms/delivery": {
      url: "/api/sms/delivery",
      body: { reference: ids.smsId, status: "delivered" },
      kind: "public",
    },
    "GET /api/registry/households": { url: "/api/registry/households?q=a", kind: "lists" },
    "GET /api/registry/households/export": {
      url: "/api/registry/households/export?format=csv&q=a",
      kind: "lists",
    },
    "POST /api/registry/households": {
      url: "/api/registry/households",
      body: { villageCode: village, formedOn: "2020-01-01", members: [{ relation: "head", person }] },
      kind: "own",
    },
    "GET /api/registry/households/:householdId": { url: `/api/registry/households/${h}`, kind: "targets" },
    "PATCH /api/registry/households/:householdId": {
      url: `/api/registry/households/${h}`,
      body: { version, house: "1" },
      kind: "targets",
    },
    "POST /api/registry/households/:householdId/events": {
      url: `/api/registry/households/${h}/events`,
      body: { kind: "death", occurredOn: "2024-01-01", personId },
      kind: "targets",
    },
    "POST /api/registry/households/:householdId/events/:eventId/annul": {
      url: `/api/registry/households/${h}/events/${ids.eventId ?? NO_SUCH}/annul`,
      body: { reason: "r" },
      kind: "targets",
    },
    "POST /api/registry/households/:householdId/land-plots": {
      url: `/api/registry/households/${h}/land-plots`,
      body: { areaHa: 1, category: "rain-fed", tenure: "owned", fromDate: "2024-01-01" },
      kind: "targets",
    },
    "POST /api/registry/households/:householdId/land-plots/:plotId/end": {
      url: `/api/registry/households/${h}/land-plots/${ids.plotId ?? NO_SUCH}/end`,
      body: { toDate: "2025-01-01", reason: "sold" },
      kind: "targets",
    },
    "PUT /api/registry/households/:householdId/livestock": {
      url: `/api/registry/households/${h}/livestock`,
      body: { countedOn: "2025-01-01", counts: { cattle: 1 } },
      kind: "targets",
    },
    "POST /api/registry/households/:householdId/flags": {
      url: `/api/registry/households/${h}/flags`,
      body: { criterionCode: "poor", reason: "r", setOn: "2025-01-01" },
      kind: "targets",
    },
    "POST /api/registry/households/:householdId/flags/:flagId/clear": {
      url: `/api/registry/households/${h}/flags/${ids.flagId ?? NO_SUCH}/clear`,
      body: { reason: "r", clearedOn: "2025-06-01" },
      kind: "targets",
    },
    "GET /api/registry/villages": { url: "/api/registry/villages", kind: "lists" },
    "GET /api/registry/book/template": { url: "/api/registry/book/template", kind: "own" },
    "POST /api/registry/book/import": { url: "/api/registry/book/import?dryRun=true", body: {}, kind: "own" },
    "POST /api/registry/book/problems": { url: "/api/registry/book/problems", body: {}, kind: "own" },
    "GET /api/registry/book/export": { url: "/api/registry/book/export?format=csv", kind: "lists" },
    "GET /api/registry/people": { url: "/api/registry/people?q=asanov", kind: "lists" },
    "GET /api/registry/people/:personId": { url: `/api/registry/people/${personId}`, kind: "targets" },
    "PATCH /api/registry/people/:personId": {
      url: `/api/registry/people/${personId}`,
      body: { ...person, version },
      kind: "targets",
    },
    "GET /api/registry/duplicates": { url: "/api/registry/duplicates", kind: "lists" },
    "GET /api/registry/duplicates/across": { url: "/api/registry/duplicates/across", kind: "lists" },
    "GET /api/registry/duplicates/across/export": {
      url: "/api/registry/duplicates/across/export?format=csv",
      kind: "lists",
    },
    "GET /api/registry/duplicates/elsewhere": { url: "/api/registry/duplicates/elsewhere", kind: "lists" },
    "GET /api/registry/duplicates/elsewhere/export": {
      url: "/api/registry/duplicates/elsewhere/export?format=csv",
      kind: "lists",
    },
    "GET /api/registry/check": { url: "/api/registry/check", kind: "lists" },
    "POST /api/registry/check/repair": { url: "/api/registry/check/repair", body: {}, kind: "own" },
    "GET /api/registry/summary": { url: "/api/registry/summary", kind: "lists" },
    "GET /api/registry/summary/export": { url: "/api/registry/summary/export?format=csv", kind: "lists" },
    "GET /api/registry/people/:personId/merge-plan": {
      url: `/api/registry/people/${personId}/merge-plan?duplicateId=${NO_SUCH}`,
      kind: "targets",
    },
    "POST /api/registry/people/:personId/merge": {
      url: `/api/registry/people/${personId}/merge`,
      body: { duplicateId: NO_SUCH, version },
      kind: "targets",
    },
    "GET /api/registry/vulnerability-criteria": {
      url: "/api/registry/vulnerability-criteria",
      kind: "lists",
    },
    "PUT /api/registry/vulnerability-criteria/:code": {
      url: "/api/registry/vulnerability-criteria/sample",
      body: { name: { ky: "Үлгү", ru: "Образец" }, rule: null },
      kind: "own",
    },
    "GET /api/certificates": { url: "/api/certificates", kind: "lists" },
    "POST /api/certificates": {
      url: "/api/certificates",
      body: { kind: "residence", householdId: h, personId, purpose: "p" },
      kind: "targets",
    },
    "GET /api/certificates/:certificateId/pdf": {
      url: `/api/certificates/${ids.certificateId ?? NO_SUCH}/pdf`,
      kind: "targets",
    },
    "POST /api/certificates/:certificateId/revoke": {
      url: `/api/certificates/${ids.certificateId ?? NO_SUCH}/revoke`,
      body: { reason: "r" },
      kind: "targets",
    },
    "GET /api/certificate-templates": { url: "/api/certificate-templates", kind: "lists" },
    "PUT /api/certificate-templates/:kind": {
      url: "/api/certificate-templates/residence",
      body: { version, texts: { ky: { title: "t", body: "b" }, ru: { title: "t", body: "b" } } },
      kind: "own",
    },
    "GET /api/water/network": { url: "/api/water/network", kind: "lists" },
    "GET /api/water/map": { url: "/api/water/map", kind: "lists" },
    "POST /api/water/reaches": {
      url: "/api/water/reaches",
      body: { code: "H", name: "Head", parentId: null, kind: "head", capacityLps: 100 },
      kind: "own",
    },
    "PATCH /api/water/reaches/:reachId": {
      url: `/api/water/reaches/${ids.reachId ?? NO_SUCH}`,
      body: { version, name: "x" },
      kind: "targets",
    },
    "POST /api/water/reaches/:reachId/retire": {
      url: `/api/water/reaches/${ids.reachId ?? NO_SUCH}/retire`,
      body: { version, retiredOn: "2026-01-01" },
      kind: "targets",
    },
    // Creates in the caller's own network; another's reach id is refused as unknown.
    "POST /api/water/structures": {
      url: "/api/water/structures",
      body: { reachId: ids.reachId ?? NO_SUCH, code: "G", name: "Gate", kind: "gate" },
      kind: "own",
    },
    "PATCH /api/water/structures/:structureId": {
      url: `/api/water/structures/${ids.structureId ?? NO_SUCH}`,
      body: { version, name: "x" },
      kind: "targets",
    },
    "POST /api/water/structures/:structureId/retire": {
      url: `/api/water/structures/${ids.structureId ?? NO_SUCH}/retire`,
      body: { version, retiredOn: "2026-01-01" },
      kind: "targets",
    },
    // Drawing on the map: null takes a drawing away, so the sample is valid for any record.
    "PUT /api/water/reaches/:reachId/geometry": {
      url: `/api/water/reaches/${ids.reachId ?? NO_SUCH}/geometry`,
      body: { version, geometry: null },
      kind: "targets",
    },
    "PUT /api/water/structures/:structureId/geometry": {
      url: `/api/water/structures/${ids.structureId ?? NO_SUCH}/geometry`,
      body: { version, geometry: null },
      kind: "targets",
    },
    "PUT /api/water/plots/:plotId/geometry": {
      url: `/api/water/plots/${ids.waterPlotId ?? NO_SUCH}/geometry`,
      body: { version, geometry: null },
      kind: "targets",
    },
    "GET /api/water/network/template": { url: "/api/water/network/template", kind: "own" },
    "GET /api/water/network/export": { url: "/api/water/network/export?format=geojson", kind: "lists" },
    "POST /api/water/network/import": {
      url: "/api/water/network/import?dryRun=true",
      body: { type: "FeatureCollection", features: [] },
      kind: "own",
    },
    "GET /api/public/certificates/:code": { url: "/api/public/certificates/unknownCode123", kind: "public" },
    "GET /api/allocation/runs": { url: "/api/allocation/runs", kind: "lists" },
    "POST /api/allocation/runs": {
      url: "/api/allocation/runs",
      body: {
        seasonId: ids.seasonId ?? NO_SUCH,
        fromDay: "2026-06-01",
        toDay: "2026-06-10",
        policy: "equal-share-of-demand",
        supplyM3: 1000,
        demand: { kind: "norm", m3PerHa: 800 },
      },
      kind: "targets",
    },
    "GET /api/allocation/runs/:runId": { url: `/api/allocation/runs/${run}`, kind: "targets" },
    "POST /api/allocation/runs/:runId/publish": {
      url: `/api/allocation/runs/${run}/publish`,
      body: { version, cycleHours: 168, shiftHours: 3 },
      kind: "targets",
    },
    "PATCH /api/allocation/runs/:runId/turns/:turnId": {
      url: `/api/allocation/runs/${run}/turns/t1`,
      body: { version, durationHours: 2 },
      kind: "targets",
    },
    "GET /api/allocation/equity": {
      url: `/api/allocation/equity?seasonId=${ids.seasonId ?? NO_SUCH}`,
      kind: "targets",
    },
    "GET /api/allocation/equity.pdf": {
      url: `/api/allocation/equity.pdf?seasonId=${ids.seasonId ?? NO_SUCH}`,
      kind: "targets",
    },
    "GET /api/allocation/runs/:runId/schedule.pdf": {
      url: `/api/allocation/runs/${run}/schedule.pdf`,
      kind: "targets",
    },
    "GET /api/water/gauging-posts": { url: "/api/water/gauging-posts", kind: "lists" },
    "GET /api/water/gauging-posts/:structureId/volumes": {
      url: `/api/water/gauging-posts/${NO_SUCH}/volumes?from=2026-05-01&to=2026-05-02`,
      kind: "targets",
    },
    "GET /api/water/readings": {
      url: `/api/water/readings?structureId=${NO_SUCH}&day=2026-05-01`,
      kind: "targets",
    },
    "POST /api/water/readings": {
      url: "/api/water/readings",
      body: {
        readings: [
          {
            clientKey: "sample-reading-1",
            structureId: NO_SUCH,
            readAt: "2026-05-01T06:00:00Z",
            levelM: 0.2,
          },
        ],
      },
      kind: "targets",
    },
    "POST /api/water/readings/:readingId/void": {
      url: `/api/water/readings/${NO_SUCH}/void`,
      body: { version, reason: "r" },
      kind: "targets",
    },
    "GET /api/water/head-receipts": {
      url: "/api/water/head-receipts?from=2026-05-01&to=2026-05-31",
      kind: "lists",
    },
    "POST /api/water/head-receipts": {
      url: "/api/water/head-receipts",
      body: {
        source: "act",
        reachId: NO_SUCH,
        fromDay: "2026-05-01",
        toDay: "2026-05-01",
        volumeM3: 1,
        actNumber: "1",
      },
      kind: "targets",
    },
    "POST /api/water/head-receipts/:receiptId/void": {
      url: `/api/water/head-receipts/${NO_SUCH}/void`,
      body: { version, reason: "r" },
      kind: "targets",
    },
    "GET /api/water/outlets": { url: "/api/water/outlets", kind: "lists" },
    "GET /api/water/outlets/:outletId/users": { url: `/api/water/outlets/${NO_SUCH}/users`, kind: "targets" },
    "GET /api/water/outlet-users": { url: "/api/water/outlet-users", kind: "lists" },
    "GET /api/water/deliveries": { url: "/api/water/deliveries", kind: "lists" },
    "POST /api/water/deliveries": {
      url: "/api/water/deliveries",
      body: {
        clientKey: "sample-delivery-1",
        outletId: NO_SUCH,
        waterUserId: NO_SUCH,
        startedAt: "2026-05-01T06:00:00Z",
        endedAt: "2026-05-01T08:00:00Z",
        method: "act",
        volumeM3: 10,
      },
      kind: "targets",
    },
    "POST /api/water/deliveries/:deliveryId/sign": {
      url: `/api/water/deliveries/${NO_SUCH}/sign`,
      body: { version, signedOn: "2026-05-02" },
      kind: "targets",
    },
    "POST /api/water/deliveries/:deliveryId/void": {
      url: `/api/water/deliveries/${NO_SUCH}/void`,
      body: { version, reason: "r" },
      kind: "targets",
    },
    "GET /api/water/deliveries/:deliveryId/act.pdf": {
      url: `/api/water/deliveries/${NO_SUCH}/act.pdf`,
      kind: "targets",
    },
    "GET /api/water/balance": { url: "/api/water/balance", kind: "lists" },
    "GET /api/billing/tariffs": { url: "/api/billing/tariffs", kind: "lists" },
    "POST /api/billing/tariffs": {
      url: "/api/billing/tariffs",
      body: {
        kind: "area",
        tariffClass: `sample${Math.random().toString(36).slice(2, 8)}`,
        payers: "all",
        validFrom: "2026-01-01",
        validTo: "2026-12-31",
        rateTyiyn: 50_000,
        decisionBody: "general-meeting",
        decisionRef: "GM-1",
        decidedOn: "2026-01-01",
      },
      kind: "own",
    },
    "PUT /api/billing/tariffs/:tariffId": {
      url: `/api/billing/tariffs/${NO_SUCH}`,
      body: {
        kind: "membership",
        payers: "members",
        validFrom: "2026-01-01",
        validTo: "2026-12-31",
        rateTyiyn: 1,
        decisionBody: "general-meeting",
        decisionRef: "GM-1",
        decidedOn: "2026-01-01",
        version,
      },
      kind: "targets",
    },
    "GET /api/billing/discounts": { url: "/api/billing/discounts", kind: "lists" },
    "POST /api/billing/discounts": {
      url: "/api/billing/discounts",
      body: {
        waterUserId: NO_SUCH,
        basis: "percent",
        percent: 50,
        reason: "r",
        decisionRef: "d",
        validFrom: "2026-01-01",
        validTo: "2026-12-31",
      },
      kind: "targets",
    },
    "POST /api/billing/discounts/:discountId/end": {
      url: `/api/billing/discounts/${NO_SUCH}/end`,
      body: { version },
      kind: "targets",
    },
    "GET /api/billing/settings": { url: "/api/billing/settings", kind: "own" },
    "PUT /api/billing/settings": {
      url: "/api/billing/settings",
      body: { version: 0, penaltyRule: null, penaltyDecisionRef: null, inKindRates: [], dueDays: 30 },
      kind: "own",
    },
    "GET /api/billing/seasons": { url: "/api/billing/seasons", kind: "lists" },
    "POST /api/billing/seasons/:seasonId/close": {
      url: `/api/billing/seasons/${NO_SUCH}/close`,
      kind: "targets",
    },
    "GET /api/billing/runs": { url: "/api/billing/runs", kind: "lists" },
    "POST /api/billing/runs": { url: "/api/billing/runs", body: { seasonId: NO_SUCH }, kind: "targets" },
    "POST /api/billing/penalties": {
      url: "/api/billing/penalties",
      body: { asOf: "2026-01-01" },
      kind: "own",
    },
    "GET /api/billing/documents": { url: "/api/billing/documents", kind: "lists" },
    "GET /api/billing/cashier": { url: "/api/billing/cashier?q=1", kind: "lists" },
    "GET /api/billing/payments": { url: "/api/billing/payments", kind: "lists" },
    "POST /api/billing/payments": {
      url: "/api/billing/payments",
      body: { waterUserId: NO_SUCH, method: "cash", amountTyiyn: 100, idempotencyKey: "sample-key-1" },
      kind: "targets",
    },
    "POST /api/billing/payments/:paymentId/reverse": {
      url: `/api/billing/payments/${NO_SUCH}/reverse`,
      body: { reason: "r", version },
      kind: "targets",
    },
    "GET /api/billing/payments/:paymentId/receipt": {
      url: `/api/billing/payments/${NO_SUCH}/receipt`,
      kind: "targets",
    },
    "GET /api/billing/users/:waterUserId/statement": {
      url: `/api/billing/users/${NO_SUCH}/statement`,
      kind: "targets",
    },
    "GET /api/billing/users/:waterUserId/statement/pdf": {
      url: `/api/billing/users/${NO_SUCH}/statement/pdf`,
      kind: "targets",
    },
    "GET /api/billing/trial-balance": { url: "/api/billing/trial-balance", kind: "lists" },
    "GET /api/billing/debtors": { url: "/api/billing/debtors", kind: "lists" },
    "GET /api/billing/debtors/export": { url: "/api/billing/debtors/export", kind: "lists" },
    "GET /api/billing/documents/export": { url: "/api/billing/documents/export", kind: "lists" },
    "GET /api/billing/payments/export": { url: "/api/billing/payments/export", kind: "lists" },
    "GET /api/billing/seasons/:seasonId/collection/export": {
      url: `/api/billing/seasons/${NO_SUCH}/collection/export`,
      kind: "targets",
    },
    "GET /api/billing/seasons/:seasonId/collection": {
      url: `/api/billing/seasons/${NO_SUCH}/collection`,
      kind: "targets",
    },
    "POST /api/billing/reminders": { url: "/api/billing/reminders", body: {}, kind: "own" },
    ...planningSamples(),
    ...waterUserSamples(ids, version),
  };
}

/** Planning (issue 5): stations, climate, crops, requests, plans; ids of another organisation's records are unknown here. */
function planningSamples(): Record<string, Sample> {
  const station = `/api/planning/stations/${NO_SUCH}`;
  const season = `/api/planning/seasons/${NO_SUCH}`;
  const stationBody = { name: "Sample", latitudeDeg: 40.9, longitudeDeg: 72.9, altitudeM: 760 };
  return {
    "GET /api/planning/seasons": { url: "/api/planning/seasons", kind: "lists" },
    "GET /api/planning/stations": { url: "/api/planning/stations", kind: "lists" },
    "POST /api/planning/stations": { url: "/api/planning/stations", body: stationBody, kind: "own" },
    "PATCH /api/planning/stations/:stationId": {
      url: station,
      body: { version: 1, altitudeM: 1 },
      kind: "targets",
    },
    "POST /api/planning/stations/:stationId/weather": {
      url: `${station}/weather`,
      body: {
        csv: "date,tmax,tmin\n2026-07-01,30,15",
        columns: { date: "date", tmax: "tmax", tmin: "tmin" },
        units: { temperature: "C", radiation: "MJ/m2/d", windHeightM: 2 },
      },
      kind: "targets",
    },
    "GET /api/planning/stations/:stationId/weather": {
      url: `${station}/weather?from=2026-01-01&to=2026-12-31`,
      kind: "targets",
    },
    "GET /api/planning/stations/:stationId/normals": { url: `${station}/normals`, kind: "targets" },
    "PUT /api/planning/stations/:stationId/normals": {
      url: `${station}/normals`,
      body: { normals: [{ month: 7, et0MmPerDay: 5, rainMm: 10 }] },
      kind: "targets",
    },
    "POST /api/planning/stations/:stationId/normals/compute": {
      url: `${station}/normals/compute`,
      kind: "targets",
    },
    "GET /api/planning/crops": { url: "/api/planning/crops", kind: "lists" },
    "PUT /api/planning/crops/:cropCode": {
      url: "/api/planning/crops/potato",
      body: { typicalPlanting: null, stagesDays: {}, kc: {}, version: null },
      kind: "own",
    },
    "GET /api/planning/seasons/:seasonId/requests": { url: `${season}/requests`, kind: "targets" },
    "PUT /api/planning/seasons/:seasonId/requests/:waterUserId": {
      url: `${season}/requests/${NO_SUCH}`,
      body: { submittedOn: "2026-03-01", lines: [], version: null },
      kind: "targets",
    },
    "GET /api/planning/seasons/:seasonId/plans": { url: `${season}/plans`, kind: "targets" },
    "POST /api/planning/seasons/:seasonId/plans": {
      url: `${season}/plans`,
      body: { stationId: NO_SUCH, rainMethod: { kind: "usda-scs" } },
      kind: "targets",
    },
    "GET /api/planning/plans/:planId": { url: `/api/planning/plans/${NO_SUCH}`, kind: "targets" },
    "GET /api/planning/plans/:planId/export": {
      url: `/api/planning/plans/${NO_SUCH}/export?format=pdf`,
      kind: "targets",
    },
  };
}

export const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

function waterUserSamples(ids: TargetIds, version: number): Record<string, Sample> {
  const user = ids.waterUserId ?? NO_SUCH;
  const contract = ids.contractId ?? NO_SUCH;
  const link = ids.linkId ?? NO_SUCH;
  const season = ids.seasonId ?? NO_SUCH;
  return {
    "GET /api/water/villages": { url: "/api/water/villages", kind: "lists" },
    "GET /api/water/outlets": { url: "/api/water/outlets", kind: "lists" },
    "GET /api/water/users": { url: "/api/water/users?q=a", kind: "lists" },
    "POST /api/water/users": {
      url: "/api/water/users",
      body: { kind: "person", surname: "Асанов", givenName: "Айбек" },
      kind: "own",
    },
    "GET /api/water/users/template": { url: "/api/water/users/template", kind: "own" },
    "POST /api/water/users/import": { url: "/api/water/users/import?dryRun=true", body: {}, kind: "own" },
    "GET /api/water/users/export": { url: "/api/water/users/export?format=csv", kind: "lists" },
    "GET /api/water/users/:waterUserId": { url: `/api/water/users/${user}`, kind: "targets" },
    "PATCH /api/water/users/:waterUserId": {
      url: `/api/water/users/${user}`,
      body: { version, member: false },
      kind: "targets",
    },
    "GET /api/water/users/:waterUserId/link-suggestions": {
      url: `/api/water/users/${user}/link-suggestions?birthDate=1980-05-15`,
      kind: "targets",
    },
    "POST /api/water/users/:waterUserId/link": {
      url: `/api/water/users/${user}/link`,
      body: { personId: ids.personId ?? NO_SUCH },
      kind: "targets",
    },
    "POST /api/water/links/:linkId/end": {
      url: `/api/water/links/${link}/end`,
      body: { reason: "r", version },
      kind: "targets",
    },
    "POST /api/water/users/:waterUserId/plots": {
      url: `/api/water/users/${user}/plots`,
      body: { outletId: NO_SUCH, areaHa: 1, tenure: "own" },
      kind: "targets",
    },
    "PATCH /api/water/plots/:plotId": {
      url: `/api/water/plots/${ids.waterPlotId ?? NO_SUCH}`,
      body: { version, areaHa: 2 },
      kind: "targets",
    },
    "GET /api/water/glance": { url: "/api/water/glance?on=2026-06-03", kind: "lists" },
    "GET /api/water/seasons": { url: "/api/water/seasons", kind: "lists" },
    "POST /api/water/seasons": {
      url: "/api/water/seasons",
      body: {
        year: 2026,
        name: `Season ${Math.random().toString(36).slice(2, 8)}`,
        startsOn: "2026-04-01",
        endsOn: "2026-09-30",
      },
      kind: "own",
    },
    "GET /api/water/contracts": { url: "/api/water/contracts", kind: "lists" },
    "POST /api/water/contracts": {
      url: "/api/water/contracts",
      body: {
        seasonId: season,
        waterUserId: user,
        plots: [{ plotId: NO_SUCH, cropCode: "potato", areaHa: 1 }],
      },
      kind: "targets",
    },
    "GET /api/water/contracts/:contractId": { url: `/api/water/contracts/${contract}`, kind: "targets" },
    "PATCH /api/water/contracts/:contractId": {
      url: `/api/water/contracts/${contract}`,
      body: { version, tariffClass: "x" },
      kind: "targets",
    },
    "POST /api/water/contracts/:contractId/sign": {
      url: `/api/water/contracts/${contract}/sign`,
      body: { version, signedOn: "2026-03-01" },
      kind: "targets",
    },
    "POST /api/water/contracts/:contractId/terminate": {
      url: `/api/water/contracts/${contract}/terminate`,
      body: { version, terminatedOn: "2026-03-01" },
      kind: "targets",
    },
    "POST /api/water/contracts/:contractId/amend": {
      url: `/api/water/contracts/${contract}/amend`,
      kind: "targets",
    },
    "GET /api/water/contracts/:contractId/pdf": {
      url: `/api/water/contracts/${contract}/pdf`,
      kind: "targets",
    },
    "GET /api/registry/link-proposals": { url: "/api/registry/link-proposals?status=all", kind: "lists" },
    "POST /api/registry/link-proposals/:linkId/decision": {
      url: `/api/registry/link-proposals/${link}/decision`,
      body: { decision: "confirm", version },
      kind: "targets",
    },
    "POST /api/registry/link-proposals/:linkId/end": {
      url: `/api/registry/link-proposals/${link}/end`,
      body: { reason: "r", version },
      kind: "targets",
    },
  };
}
