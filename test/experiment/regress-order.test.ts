import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareFolders } from "../../src/experiment/regress.js";

const tmp = mkdtempSync(join(tmpdir(), "aidcsim-regress-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, value: number): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, "plots"), { recursive: true });
  const spec = { data: { values: Array.from({ length: 30 }, (_, i) => ({ v: i * value })) } };
  writeFileSync(join(dir, "plots", "a.vl.json"), JSON.stringify(spec));
  writeFileSync(join(dir, "summary.json"), JSON.stringify({ facility: { pue: value } }));
  writeFileSync(join(dir, "jobs.csv"), `id,workload,status,endS\n0,w,completed,${value}\n`);
  return dir;
}

describe("compareFolders", () => {
  it("lists summary.json first and plot specs last, with a short plot diff", () => {
    const diffs = compareFolders(folder("base", 1), folder("new", 2));
    expect(diffs.map((d) => d.file)).toEqual(["summary.json", "jobs.csv", "plots/a.vl.json"]);
    expect(diffs[0].details).toEqual(["facility.pue: 1 -> 2"]);
    expect(diffs[2].details).toHaveLength(6);
    expect(diffs[2].details[5]).toMatch(/first 5 differences shown/);
  });
});
