/**
 * Where a delivery's act stands: still to be signed by the water user (whom the water master goes
 * round to), signed, or voided. The lists of deliveries are filtered by it, on the server and the page.
 */
export const ACT_STATES = ["unsigned", "signed", "voided"] as const;
export type ActState = (typeof ACT_STATES)[number];
