import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpGateway } from "./gateway.js";

/**
 * A gateway on localhost that answers with the status and body the path names: /503?body=…; under
 * /cut/ it drops the connection after the status and part of the body.
 */
function answeringGateway() {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const [, cut, status] = /^\/(cut\/)?(\d+)$/.exec(url.pathname) ?? [];
    if (cut) {
      res.writeHead(Number(status), { "content-length": "100" });
      res.write('{"id": "par');
      setTimeout(() => res.destroy(), 20);
      return;
    }
    res.writeHead(Number(status)).end(url.searchParams.get("body") ?? "");
  });
  return {
    start: () =>
      new Promise<string>((resolve) =>
        server.listen(0, "127.0.0.1", () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
        ),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("the HTTP SMS gateway's failures", () => {
  const gateway = answeringGateway();
  let base: string;
  beforeAll(async () => {
    base = await gateway.start();
  });
  afterAll(() => gateway.stop());
  const send = (url: string) =>
    httpGateway(url, null, 2000).send({ to: "+996555123456", text: "x", reference: "r" });

  it("names a busy gateway, a refusing one and one that does not answer, with their own words", async () => {
    expect(await send(`${base}/503?body=${encodeURIComponent("<html>\n<b>busy</b>\n</html>")}`)).toEqual({
      kind: "failed",
      failure: "gateway-busy",
      reason: "HTTP 503: <html> <b>busy</b> </html>",
    });
    expect(await send(`${base}/429`)).toEqual({
      kind: "failed",
      failure: "gateway-busy",
      reason: "HTTP 429",
    });
    expect(await send(`${base}/400?body=unknown%20subscriber`)).toEqual({
      kind: "failed",
      failure: "gateway-refused",
      reason: "HTTP 400: unknown subscriber",
    });
    // A port nothing listens on: Node's words name the refused connection, not only "fetch failed".
    const closed = answeringGateway();
    const nowhere = await closed.start();
    await closed.stop();
    const unreachable = await send(`${nowhere}/200`);
    expect(unreachable).toMatchObject({ kind: "failed", failure: "gateway-unreachable" });
    expect(unreachable.kind === "failed" && unreachable.reason).toMatch(
      /^fetch failed: connect ECONNREFUSED/,
    );
    expect(await send(`${base}/200`)).toEqual({ kind: "accepted", gatewayId: null });
  });

  it("goes by the status when the connection drops in the answer's body: a 2xx was taken", async () => {
    expect(await send(`${base}/cut/200`)).toEqual({ kind: "accepted", gatewayId: null });
    expect(await send(`${base}/cut/503`)).toEqual({
      kind: "failed",
      failure: "gateway-busy",
      reason: "HTTP 503",
    });
  });
});
