import type { SmsGateway } from "../messaging/gateway.js";
import { deliverDueMessages, recordDeliveryReport } from "../messaging/outbox.js";
import type { Database } from "../platform/db.js";

/**
 * The demo's outbox (debt reminders, and turns of a published run still to come) sent through a
 * stand-in for the SMS operator, which the demo has none of: the operator refuses the first number
 * (out of service), takes the rest, and reports all but one of those delivered, so the SMS page
 * shows each state a message goes through.
 */
export async function deliverDemoOutbox(database: Database) {
  let refused: string | null = null;
  const accepted: string[] = [];
  const operator: SmsGateway = {
    async send(message) {
      refused ??= message.to;
      if (message.to === refused)
        return { kind: "failed", failure: "gateway-refused", reason: "HTTP 400: number out of service" };
      accepted.push(message.reference);
      return { kind: "accepted", gatewayId: `demo-${accepted.length}` };
    },
  };
  while ((await deliverDueMessages(database, operator)) > 0);
  for (const reference of accepted.slice(1))
    await recordDeliveryReport(database, { reference, status: "delivered" }, "demo");
}
