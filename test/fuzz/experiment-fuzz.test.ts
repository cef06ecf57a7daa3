// Seeded fuzzing of experiment files: every mutated file must end in FILE:LINE:COL problems (exit
// 2) or a successful validation/run, never an uncaught exception or an "internal error".
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { Streams } from "../../src/random/index.js";

const ROOT = join(__dirname, "..", "..");
const BASES = [
  "experiments/power-cap.yaml",
  "experiments/heatwave.yaml",
  "experiments/regression/training-models.yaml",
];
const tmp = mkdtempSync(join(tmpdir(), "aidcsim-fuzz-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const JUNK: unknown[] = [
  -1,
  0,
  1e308,
  -1e308,
  "NaN",
  "ﬁ😀",
  "",
  "1 week",
  [],
  {},
  [1, [2]],
  { a: { b: { c: {} } } },
  null,
  true,
  3.5,
  "2027-13-45",
];

/** Every scalar and collection node of the document, with its path. */
function nodes(
  node: Node | null,
  path: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "?";
      out.push([...path, key]);
      nodes(pair.value as Node | null, [...path, key], out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      out.push([...path, i]);
      nodes(item as Node | null, [...path, i], out);
    });
  }
  return out;
}

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = "";
  const code = await main(["node", "aidcsim", ...args], {
    stdout: () => {},
    stderr: (s) => (err += s),
  });
  return { code, err };
}

describe("fuzzed experiment files", () => {
  it("end in problems with positions or success, never in an internal error", async () => {
    const rng = new Streams(2026).get("test/fuzz");
    let problems = 0;
    for (let k = 0; k < 120; k++) {
      const base = BASES[k % BASES.length];
      const text = readFileSync(join(ROOT, base), "utf8").replace(
        /\.\.\/\.\.\/data\//g,
        join(ROOT, "data") + "/",
      );
      const doc = parseDocument(text);
      const paths = nodes(doc.contents as Node | null);
      const path = paths[rng.int(paths.length)];
      const op = rng.int(4);
      let mutated: string;
      if (op === 0) doc.setIn(path, JUNK[rng.int(JUNK.length)]);
      else if (op === 1) doc.deleteIn(path);
      else if (op === 2) {
        // An unknown key beside the chosen one (inside a list, a junk item instead).
        const parent = doc.getIn(path.slice(0, -1), true);
        if (isSeq(parent)) doc.setIn(path, JUNK[rng.int(JUNK.length)]);
        else doc.setIn([...path.slice(0, -1), `unknwon${k}`], 1);
      }
      if (op === 3)
        mutated = text.slice(0, rng.int(text.length)); // truncated file
      else mutated = doc.toString();
      const file = join(tmp, `case-${k}.yaml`);
      writeFileSync(file, mutated);
      const v = await cli(["validate", file]);
      expect(v.err, `case ${k} (${base}, op ${op}, ${path.join(".")})`).not.toMatch(
        /internal error|\n\s+at /,
      );
      expect([0, 2], `case ${k} exit`).toContain(v.code);
      if (v.code === 2) {
        problems++;
        for (const line of v.err.trim().split("\n")) expect(line).toMatch(/^\S.*?: /);
      } else if (k % 6 === 0) {
        const r = await cli([
          "run",
          file,
          "--out",
          join(tmp, `out-${k}`),
          "--quiet",
          "--no-plots",
          "--max-events",
          "20000",
        ]);
        expect(r.err, `run case ${k}`).not.toMatch(/internal error|\n\s+at /);
        expect([0, 1, 2]).toContain(r.code);
      }
    }
    expect(problems).toBeGreaterThan(30); // the mutations do reach validation
  }, 120_000);
});
