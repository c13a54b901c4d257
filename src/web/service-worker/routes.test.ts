import { describe, expect, it } from "vitest";
import { routeOf } from "./routes.js";

const ORIGIN = "https://aimak.example.kg";
const get = (path: string, mode = "cors") => ({ url: `${ORIGIN}${path}`, method: "GET", mode });

describe("how the service worker answers a request", () => {
  it("answers the app's pages from the network first, and the build's files from what it keeps", () => {
    expect(routeOf(get("/water/readings?post=1", "navigate"), ORIGIN)).toBe("page");
    expect(routeOf(get("/", "navigate"), ORIGIN)).toBe("page");
    expect(routeOf(get("/assets/index-a1.js"), ORIGIN)).toBe("file");
    expect(routeOf(get("/assets/ky-b2.js"), ORIGIN)).toBe("file");
  });

  it("leaves the API and the health check to the browser, even when opened as a page", () => {
    expect(routeOf(get("/api/auth/session"), ORIGIN)).toBe("network");
    expect(routeOf(get("/api/docs", "navigate"), ORIGIN)).toBe("network");
    expect(routeOf(get("/api/water/deliveries/1/act.pdf", "navigate"), ORIGIN)).toBe("network");
    expect(routeOf(get("/healthz"), ORIGIN)).toBe("network");
  });

  it("leaves changes and other sites to the browser", () => {
    expect(routeOf({ ...get("/water/readings"), method: "POST" }, ORIGIN)).toBe("network");
    expect(
      routeOf({ url: "https://tile.openstreetmap.org/1/1/1.png", method: "GET", mode: "no-cors" }, ORIGIN),
    ).toBe("network");
  });
});
