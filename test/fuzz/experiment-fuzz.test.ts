// Seeded fuzzing of experiment files: every mutated file must end in problems that name the file
// (exit 2) or a successful validation and run, never an uncaught exception or an "internal
// error". 1,000 cases in `npm test`; more with AIDCSIM_FUZZ_CASES (docs/robustness.md):
//   AIDCSIM_FUZZ_CASES=10000 npx vitest run test/fuzz
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { Streams, type Stream } from "../../src/random/index.js";

const ROOT = join(__dirname, "..", "..");
const CASES = Number(process.env.AIDCSIM_FUZZ_CASES ?? 1000);
const SEED = Number(process.env.AIDCSIM_FUZZ_SEED ?? 2026);
const BASES = [
  "experiments/power-cap.yaml",
  "experiments/heatwave.yaml",
  "experiments/mixed-fleet.yaml",
  "experiments/quickstart.yaml",
  "experiments/regression/training-models.yaml",
  "experiments/training-mix.yaml",
  "experiments/large-training-reliability.yaml",
  "test/fixtures/autoscale.yaml",
].map((base) => ({
  base,
  // Absolute trace paths, so the mutated copy in a temporary folder still finds them.
  text: readFileSync(join(ROOT, base), "utf8").replace(
    /(?:\.\.\/)+data\//g,
    join(ROOT, "data") + "/",
  ),
}));
const tmp = mkdtempSync(join(tmpdir(), "aidcsim-fuzz-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Values of the wrong type, out of range, huge, negative, not a number, unicode, nested. */
const JUNK: unknown[] = [
  -1,
  0,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  2 ** 53 + 1,
  1e-320,
  "NaN",
  ".inf",
  "ﬁ😀",
  "\u202e\u0000",
  "",
  "1 week",
  "-5h",
  "1e400",
  "x".repeat(5000),
  [],
  {},
  [1, [2]],
  { a: { b: { c: {} } } },
  null,
  true,
  3.5,
  "2027-13-45",
  "../../etc/passwd",
];

/** Text inserted into the YAML source at a random offset: broken syntax. */
const BREAKERS = [
  ":",
  "\t",
  "'",
  '"',
  "[",
  "{",
  "&",
  "*",
  "!",
  "%",
  "@",
  "`",
  "|",
  ">",
  "\n-",
  "#",
];

/** Tagged values: must be rejected or read as plain data, never constructed or run. */
const TAGS = [
  '!!js/function "function () { process.exit(9) }"',
  "!!js/regexp /x/",
  "!!js/undefined ''",
  "!<tag:yaml.org,2002:js/function> 'return 1'",
  "!!binary aGVsbG8=",
  "!!set { a, b }",
  "!!omap [ { a: 1 } ]",
  "!custom value",
  "!!timestamp 2027-01-01",
  "!!float .nan",
];

function nested(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

/** Every key or item of the document, with its path. */
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

const pick = <T>(rng: Stream, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** A value line of the source (`key: value`), to splice text into. */
function valueLines(text: string): number[] {
  return text
    .split("\n")
    .map((l, i) => (/^\s*[-\w.]+\s*:\s*\S/.test(l) && !/^\s*#/.test(l) ? i : -1))
    .filter((i) => i >= 0);
}

function spliceValue(text: string, rng: Stream, value: string): string {
  const lines = text.split("\n");
  const candidates = valueLines(text);
  const i = pick(rng, candidates);
  lines[i] = lines[i].replace(/:\s*\S.*$/, `: ${value}`);
  return lines.join("\n");
}

const OPS = [
  "junk value",
  "delete key",
  "unknown key",
  "truncate",
  "broken syntax",
  "yaml tag",
  "alias bomb",
  "deep nesting",
  "scale number",
  "duplicate key",
] as const;

/** One mutated experiment text. */
function mutate(text: string, rng: Stream, k: number): { op: string; text: string } {
  const op = OPS[rng.int(OPS.length)];
  const doc: Document = parseDocument(text);
  const paths = nodes(doc.contents as Node | null);
  const path = pick(rng, paths);
  switch (op) {
    case "junk value":
      doc.setIn(path, pick(rng, JUNK));
      return { op, text: doc.toString() };
    case "delete key":
      doc.deleteIn(path);
      return { op, text: doc.toString() };
    case "unknown key": {
      const parent = doc.getIn(path.slice(0, -1), true);
      if (isSeq(parent)) doc.setIn(path, pick(rng, JUNK));
      else doc.setIn([...path.slice(0, -1), `unknwon${k}`], 1);
      return { op, text: doc.toString() };
    }
    case "truncate":
      return { op, text: text.slice(0, rng.int(text.length)) };
    case "broken syntax": {
      const at = rng.int(text.length);
      return { op, text: text.slice(0, at) + pick(rng, BREAKERS) + text.slice(at) };
    }
    case "yaml tag":
      return { op, text: spliceValue(text, rng, pick(rng, TAGS)) };
    case "alias bomb": {
      // Each level refers to the previous one nine times: 9^8 nodes if expanded naively.
      const levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"];
      for (let i = 1; i < 9; i++) {
        levels.push(
          `a${i}: &a${i} [${Array(9)
            .fill(`*a${i - 1}`)
            .join(", ")}]`,
        );
      }
      return { op, text: `${levels.join("\n")}\n${text}` };
    }
    case "deep nesting":
      return { op, text: spliceValue(text, rng, nested(pick(rng, [50, 500, 5000]))) };
    case "scale number": {
      const lines = text.split("\n");
      const numeric = lines
        .map((l, i) => (/:\s*-?\d+(\.\d+)?\s*(#.*)?$/.test(l) ? i : -1))
        .filter((i) => i >= 0);
      if (numeric.length === 0) return { op, text };
      const i = pick(rng, numeric);
      const factor = pick(rng, ["-1", "1e6", "1e12", "0", "1e-9"]);
      lines[i] = lines[i].replace(/:\s*(-?\d+(?:\.\d+)?)/, (_m, n: string) => {
        return `: ${Number(n) * Number(factor)}`;
      });
      return { op, text: lines.join("\n") };
    }
    case "duplicate key": {
      const lines = text.split("\n");
      const i = pick(rng, valueLines(text));
      lines.splice(i, 0, lines[i]);
      return { op, text: lines.join("\n") };
    }
  }
}

const cli = (args: string[]) => runCli(...args);

describe("fuzzed experiment files", () => {
  it(`end in problems naming the file or success, never an internal error (${CASES} cases)`, async () => {
    const rng = new Streams(SEED).get("test/fuzz");
    const seen = new Map<string, number>();
    let problems = 0;
    let runs = 0;
    for (let k = 0; k < CASES; k++) {
      const { base, text } = BASES[k % BASES.length];
      const { op, text: mutated } = mutate(text, rng, k);
      seen.set(op, (seen.get(op) ?? 0) + 1);
      const file = join(tmp, `case-${k}.yaml`);
      writeFileSync(file, mutated);
      const what = `case ${k} (${base}, ${op}; AIDCSIM_FUZZ_SEED=${SEED})`;
      const v = await cli(["validate", file]);
      expect(v.err, what).not.toMatch(/internal error|\n\s+at /);
      expect([0, 2], `${what} exit`).toContain(v.code);
      if (v.code === 2) {
        problems++;
        for (const line of v.err.trim().split("\n")) {
          expect(
            line.startsWith(`${file}:`) || line.startsWith(`${file} `),
            `${what}: ${line}`,
          ).toBe(true);
        }
      } else if (k % 3 === 0) {
        runs++;
        const out = join(tmp, `out-${k}`);
        const r = await cli([
          "run",
          file,
          "--out",
          out,
          "--quiet",
          "--no-plots",
          "--max-events",
          "5000",
        ]);
        expect(r.err, `${what} run`).not.toMatch(/internal error|\n\s+at /);
        expect([0, 1, 2], `${what} run exit`).toContain(r.code);
        rmSync(out, { recursive: true, force: true });
      }
      rmSync(file);
    }
    expect(problems).toBeGreaterThan(CASES / 5); // the mutations do reach validation
    expect(runs).toBeGreaterThan(CASES / 50); // and some mutated files run
    for (const op of OPS) expect(seen.get(op) ?? 0, op).toBeGreaterThan(CASES / 20);
  }, 300_000);
});
