import { describe, expect, it } from "vitest";
import { precacheOf } from "./build.js";

const build = [
  { fileName: "index.html", content: '<script src="/assets/index-a1.js"></script>' },
  { fileName: "assets/index-a1.js", content: "app()" },
  { fileName: "assets/index-a1.js.map", content: "{}" },
  { fileName: "assets/ky-b2.js", content: "export default {}" },
  { fileName: "assets/index-c3.css", content: "body{}" },
  { fileName: "assets/marker-d4.png", content: new Uint8Array([137, 80, 78, 71]) },
  { fileName: "sw.js", content: "self" },
];

describe("what the service worker keeps of a build", () => {
  it("keeps the page, every script, style, catalog and image by address, but no source map nor itself", () => {
    expect(precacheOf(build).files).toEqual([
      "/assets/index-a1.js",
      "/assets/index-c3.css",
      "/assets/ky-b2.js",
      "/assets/marker-d4.png",
      "/index.html",
    ]);
  });

  it("has one version for the same files in any order, and another when a kept file changes", () => {
    const { version } = precacheOf(build);
    expect(precacheOf([...build].reverse()).version).toBe(version);
    const catalogChanged = build.map((f) =>
      f.fileName === "assets/ky-b2.js" ? { ...f, content: 'export default {"a":1}' } : f,
    );
    expect(precacheOf(catalogChanged).version).not.toBe(version);
  });

  it("keeps its version when only a source map or the worker changes", () => {
    const { version } = precacheOf(build);
    const others = build.map((f) =>
      f.fileName.endsWith(".map") || f.fileName === "sw.js" ? { ...f, content: "x" } : f,
    );
    expect(precacheOf(others).version).toBe(version);
  });
});
