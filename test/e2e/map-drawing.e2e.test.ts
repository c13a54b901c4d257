import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { loseFirstAnswer, offlinePage, serverAndBrowser, shot } from "./support/server.js";

interface Drawn {
  id: string;
  code?: string;
  cadastralNumber?: string | null;
  geometry: { type: string; coordinates: unknown[] } | null;
}

describe("drawing the network on the map", () => {
  const shared = serverAndBrowser();

  /** The WUA director's page; nothing may leave the machine (no tile server). */
  async function directorPage(options: { width: number; height: number; touch: boolean }) {
    const { width, height, touch } = options;
    const opened = await offlinePage(shared.browser, shared.server.url, "wua", {
      viewport: { width, height },
      hasTouch: touch,
    });
    opened.page.on("dialog", (dialog) => void dialog.accept());
    return opened;
  }
  const mapData = async (page: Page) =>
    (await (await page.request.get(`${shared.server.url}/api/water/map`)).json()) as {
      reaches: Drawn[];
      structures: Drawn[];
      plots: Drawn[];
    };
  /** A point of the map at fractions of its width and height. */
  async function at(page: Page, x: number, y: number) {
    const box = (await page.locator("[data-testid=network-map]").boundingBox())!;
    return { x: box.x + box.width * x, y: box.y + box.height * y };
  }
  const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

  it("draws a canal by tapping the map on a phone, saves it, and sees it again after a reload", async () => {
    const { page, outside } = await directorPage({ width: 390, height: 844, touch: true });
    // Chosen in the tree, then on the map: the tree's link carries the canal over.
    await page.goto(`${shared.server.url}/water/network`);
    await page.locator("li[data-code='СБ-4-3'] > .reach-row button.reach-code").tap();
    await page.locator("li[data-code='СБ-4-3'] > .reach-row a", { hasText: "Картада" }).tap();
    await page.waitForSelector("path.map-reach.map-selected");
    const reachId = new URL(page.url()).searchParams.get("reach")!;
    expect((await mapData(page)).reaches.find((r) => r.id === reachId)?.code).toBe("СБ-4-3");

    // Its imported line goes first, then a new one is drawn in its place.
    await button(page, "Картадан алып салуу").tap();
    await expect.poll(() => page.textContent("[role=status]")).toContain("Картадан алынды");
    // The map's layers are drawn again just after the page says so (an effect of the render that
    // says it): polled, not counted once.
    await expect.poll(() => page.locator("path.map-selected").count()).toBe(0);
    expect(await page.textContent("[data-testid=map-measures]")).toContain("Азырынча картада жок");

    await button(page, "Картага тартуу").tap();
    await page.locator("[data-testid=network-map]").scrollIntoViewIfNeeded();
    for (const [x, y] of [
      [0.3, 0.3],
      [0.5, 0.45],
      [0.7, 0.5],
      [0.8, 0.7],
    ] as const) {
      const p = await at(page, x, y);
      await page.touchscreen.tap(p.x, p.y);
    }
    await expect.poll(() => page.locator(".map-vertex").count()).toBe(4);
    await button(page, "Артка кайтаруу").tap();
    expect(await page.locator(".map-vertex").count()).toBe(3);
    const measured = await page.textContent("[data-testid=map-measures]");
    expect(measured).toMatch(/картада \d+ м/);
    await button(page, "Бүтүрүү").tap();
    await shot(page, "44-map-drawing-phone");
    await button(page, "Сактоо").tap();
    await expect.poll(() => page.textContent("[role=status]")).toContain("Картада сакталды");

    const saved = (await mapData(page)).reaches.find((r) => r.id === reachId)!;
    expect(saved.geometry?.type).toBe("LineString");
    expect(saved.geometry?.coordinates).toHaveLength(3);

    await page.reload();
    await page.waitForSelector("path.map-reach.map-selected");
    expect(await page.textContent("[data-testid=map-measures]")).toBe(measured);

    // A vertex put in the middle of the first segment by a tap on its handle, the last one deleted.
    await button(page, "Картада өзгөртүү").tap();
    await page.locator("[data-testid=network-map]").scrollIntoViewIfNeeded();
    expect(await page.locator(".map-midpoint").count()).toBe(2);
    await page.locator(".map-midpoint").first().tap();
    await expect.poll(() => page.locator(".map-vertex").count()).toBe(4);
    const remove = button(page, "Чекитти өчүрүү");
    expect(await remove.isDisabled()).toBe(true);
    await page.locator(".map-vertex").last().tap();
    await page.waitForSelector(".map-vertex.map-vertex-selected");
    await shot(page, "46-map-vertex-edit-phone");
    await remove.tap();
    await expect.poll(() => page.locator(".map-vertex").count()).toBe(3);
    // Undo brings the deleted vertex back; deleting it again leaves the line with two segments.
    await button(page, "Артка кайтаруу").tap();
    await expect.poll(() => page.locator(".map-vertex").count()).toBe(4);
    await page.locator(".map-vertex").last().tap();
    await remove.tap();
    await expect.poll(() => page.locator(".map-vertex").count()).toBe(3);
    await button(page, "Сактоо").tap();
    await expect.poll(() => page.textContent("[role=status]")).toContain("Картада сакталды");
    const [a, b] = saved.geometry!.coordinates as number[][];
    const edited = (await mapData(page)).reaches.find((r) => r.id === reachId)!.geometry!
      .coordinates as number[][];
    expect(edited).toHaveLength(3);
    expect(edited[0]).toEqual(a);
    expect(edited[2]).toEqual(b);
    // The handle stands at the segment's middle on the screen: within a pixel or so of it on the ground.
    expect(edited[1]![0]).toBeCloseTo((a![0]! + b![0]!) / 2, 4);
    expect(edited[1]![1]).toBeCloseTo((a![1]! + b![1]!) / 2, 4);
    expect(outside).toEqual([]);
  });

  it("outlines a plot with the mouse, closing it on its first corner, moves a canal's vertex and a gate", async () => {
    const { page } = await directorPage({ width: 1366, height: 900, touch: false });
    await page.goto(`${shared.server.url}/water/map`);
    await page.waitForSelector("path.map-reach");
    // The plots' areas as the register writes them, with a decimal comma: "…, 0,60 га", not "0.6".
    const offered = await page.locator("select[name=target] option[value^='plot:']").allTextContents();
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.filter((text) => !/, \d+,\d\d га$/.test(text))).toEqual([]);
    const plot = (await mapData(page)).plots.find((p) => p.geometry === null)!;
    await page.selectOption("select[name=target]", `plot:${plot.id}`);
    expect(await page.textContent("[data-testid=map-measures]")).toMatch(/Жазылган аянты \d+,\d\d га/);
    await button(page, "Картага тартуу").click();
    const corners = [
      [0.45, 0.4],
      [0.55, 0.4],
      [0.55, 0.5],
      [0.45, 0.5],
    ] as const;
    for (const [x, y] of corners) {
      const p = await at(page, x, y);
      await page.mouse.click(p.x, p.y);
    }
    await page.locator(".map-vertex").first().click();
    expect(await button(page, "Чекит кошуу").count()).toBe(1);
    expect(await page.textContent("[data-testid=map-measures]")).toMatch(/картада \d+,\d\d га/);
    await button(page, "Сактоо").click();
    await expect.poll(() => page.textContent("[role=status]")).toContain("Картада сакталды");
    const outlined = (await mapData(page)).plots.find((p) => p.id === plot.id)!;
    expect(outlined.geometry?.type).toBe("Polygon");
    expect(outlined.geometry!.coordinates[0]).toHaveLength(5);
    // Drawn on the map just after the page says it is saved: polled, not counted once.
    await expect.poll(() => page.locator("path.map-plot.map-selected").count()).toBe(1);

    // The main canal's first vertex, dragged a little: only that position changes.
    const before = (await mapData(page)).reaches.find((r) => r.code === "МК-1")!;
    await page.selectOption("select[name=target]", `reach:${before.id}`);
    await button(page, "Картада өзгөртүү").click();
    const vertex = (await page.locator(".map-vertex").first().boundingBox())!;
    await page.mouse.move(vertex.x + vertex.width / 2, vertex.y + vertex.height / 2);
    await page.mouse.down();
    await page.mouse.move(vertex.x + 40, vertex.y + 30, { steps: 5 });
    await page.mouse.up();
    await button(page, "Сактоо").click();
    await expect.poll(() => page.textContent("[role=status]")).toContain("Картада сакталды");
    const after = (await mapData(page)).reaches.find((r) => r.id === before.id)!;
    const [first, ...rest] = after.geometry!.coordinates;
    expect(first).not.toEqual(before.geometry!.coordinates[0]);
    expect(rest).toEqual(before.geometry!.coordinates.slice(1));

    // A segment's handle dragged with the mouse becomes a new vertex where it is dropped.
    await button(page, "Картада өзгөртүү").click();
    const handle = (await page.locator(".map-midpoint").first().boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 30, handle.y - 40, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator(".map-vertex").count()).toBe(after.geometry!.coordinates.length + 1);
    await button(page, "Сактоо").click();
    await expect.poll(() => page.textContent("[role=status]")).toContain("Картада сакталды");
    const widened = (await mapData(page)).reaches.find((r) => r.id === before.id)!.geometry!.coordinates;
    const [p0, p1, ...others] = after.geometry!.coordinates;
    expect(widened).toHaveLength(after.geometry!.coordinates.length + 1);
    expect([widened[0], widened[2], ...widened.slice(3)]).toEqual([p0, p1, ...others]);
    expect(widened[1]).not.toEqual(p0);

    // A gate is put somewhere else by one click on the map.
    const gate = (await mapData(page)).structures.find((x) => x.geometry !== null)!;
    await page.selectOption("select[name=target]", `structure:${gate.id}`);
    await button(page, "Картада өзгөртүү").click();
    const there = await at(page, 0.6, 0.6);
    await page.mouse.click(there.x, there.y);
    await button(page, "Сактоо").click();
    await expect.poll(() => page.textContent("[role=status]")).toContain("Картада сакталды");
    const moved = (await mapData(page)).structures.find((x) => x.id === gate.id)!;
    expect(moved.geometry?.type).toBe("Point");
    expect(moved.geometry?.coordinates).not.toEqual(gate.geometry!.coordinates);
    await expect.poll(() => page.locator("path.map-structure.map-selected").count()).toBe(1);
    await shot(page, "45-map-drawing-desktop");

    // Moved again on a link that drops the answer, then moved once more and saved: the first move
    // was kept, the drawing closes on it, and the page says the correction was not sent.
    const keys = await loseFirstAnswer(page, `**/api/water/structures/${gate.id}/geometry`);
    await button(page, "Картада өзгөртүү").click();
    const lostAt = await at(page, 0.4, 0.6);
    await page.mouse.click(lostAt.x, lostAt.y);
    await button(page, "Сактоо").click();
    await expect.poll(() => page.textContent(".map-draw")).toContain("Жооп келген жок");
    const kept = (await mapData(page)).structures.find((x) => x.id === gate.id)!;
    expect(kept.geometry?.coordinates).not.toEqual(moved.geometry!.coordinates);
    await page.locator("[data-testid=network-map]").scrollIntoViewIfNeeded();
    const correction = await at(page, 0.6, 0.65);
    await page.mouse.click(correction.x, correction.y);
    await button(page, "Сактоо").click();
    await expect
      .poll(() => page.textContent(".map-draw [role=status]"))
      .toContain("Биринчи жөнөтүү сакталган экен");
    // Sent again under the first sending's key (and once more to read its kept answer).
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    expect((await mapData(page)).structures.find((x) => x.id === gate.id)!.geometry).toEqual(kept.geometry);
    expect(await button(page, "Картада өзгөртүү").count()).toBe(1);
    // The page holds the kept version: the next move is saved, not refused as stale.
    await button(page, "Картада өзгөртүү").click();
    await page.mouse.click(correction.x, correction.y);
    await button(page, "Сактоо").click();
    await expect.poll(() => page.textContent("[role=status]")).toContain("Картада сакталды");
  });
});
