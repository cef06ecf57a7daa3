// Browser lane (npm run test:browser): opens report.html of real runs in Debian's Chromium from
// file:// with the network cut off, and checks that nothing fails and every plot has marks.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
let browser: Browser;
let tmp: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  tmp = mkdtempSync(join(tmpdir(), "aidcsim-browser-"));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

for (const experiment of ["quickstart", "heatwave", "mixed-fleet", "azure-trace"]) {
  describe(`report.html of ${experiment}`, () => {
    it("loads offline with no console errors and marks in every plot", async () => {
      const out = join(tmp, experiment);
      execFileSync(process.execPath, [
        join(ROOT, "bin/aidcsim.js"),
        "run",
        join(ROOT, "experiments", `${experiment}.yaml`),
        "--out",
        out,
        "--quiet",
      ]);
      const context = await browser.newContext({ offline: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
      });
      await page.goto(pathToFileURL(join(out, "report.html")).href);
      const figures = await page.locator("figure").count();
      expect(figures).toBeGreaterThan(0);
      // Every plot is embedded live by vega-embed (none fell back to its static SVG).
      expect(await page.locator("figure[data-spec]").count()).toBe(figures);
      await page.waitForFunction(
        `document.querySelectorAll('figure[data-embed="pending"]').length === 0`,
      );
      const states = await page
        .locator("figure")
        .evaluateAll((fs) => fs.map((f) => f.getAttribute("data-embed")));
      expect(states).toEqual(Array(figures).fill("ok"));
      expect(await page.locator(".embed-error").count()).toBe(0);
      expect(await page.locator("figure .vega-embed svg.marks").count()).toBe(figures);
      for (let i = 0; i < figures; i++) {
        const marks = await page
          .locator("figure")
          .nth(i)
          .locator(
            "svg .mark-line path, svg .mark-area path, svg .mark-rect path, svg .mark-symbol path",
          )
          .count();
        expect(marks, `plot ${i} has marks`).toBeGreaterThan(0);
      }
      expect(await page.locator("h2", { hasText: "Pools" }).count()).toBe(1);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      await context.close();
    }, 60_000);
  });
}

describe("report.html of a sweep (two pool sizes x two replications)", () => {
  it("loads offline with no console errors, links to each run and embeds every plot", async () => {
    const out = join(tmp, "sweep");
    const exp = join(tmp, "sweep.yaml");
    writeFileSync(
      exp,
      readFileSync(join(ROOT, "test", "fixtures", "minimal.yaml"), "utf8") +
        "sweep:\n  pools.0.count: [8, 16]\n",
    );
    execFileSync(process.execPath, [
      join(ROOT, "bin/aidcsim.js"),
      "run",
      exp,
      "--replications",
      "2",
      "--out",
      out,
      "--quiet",
    ]);
    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(out, "report.html")).href);
    const figures = await page.locator("figure").count();
    expect(figures).toBeGreaterThan(0);
    await page.waitForFunction(
      `document.querySelectorAll('figure[data-embed="pending"]').length === 0`,
    );
    const states = await page
      .locator("figure")
      .evaluateAll((fs) => fs.map((f) => f.getAttribute("data-embed")));
    expect(states).toEqual(Array(figures).fill("ok"));
    expect(await page.locator("figure .vega-embed svg.marks").count()).toBe(figures);
    expect(await page.locator('a[href$="report.html"]').count()).toBe(4);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
