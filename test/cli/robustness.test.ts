// Bad input that must end in a clear, positioned error (exit 2), never a crash or a stray file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PROBLEMS_SHOWN } from "../../src/cli/main.js";
import { runCli } from "../helpers/cli.js";

const FIXTURES = join(__dirname, "..", "fixtures");
const MINIMAL = readFileSync(join(FIXTURES, "minimal.yaml"), "utf8");
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "aidcsim-robust-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = runCli;

function write(name: string, text: string): string {
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe("names from experiment files", () => {
  it("rejects an experiment name with ../ (it could name a folder outside the results)", async () => {
    const file = write("escape.yaml", MINIMAL.replace("name: minimal", "name: ../../evil"));
    const out = join(tmp, "escape-out");
    const r = await cli("run", file, "--out", out, "--quiet");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/escape\.yaml:1:7 name: .*letters, digits/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(tmp, "..", "evil"))).toBe(false);
  });

  it("rejects a pool name with a path separator", async () => {
    const file = write("pool.yaml", MINIMAL.replace("name: p,", "name: a/b,"));
    const r = await cli("validate", file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pool\.yaml:9:\d+ pools\.0\.name: /);
  });
});

describe("traces", () => {
  it("reports a malformed row with the trace's line number, at the field that names it", async () => {
    const trace = write("runtimes.csv", "runtime\n60\n120\nabc\n300\n");
    const file = write(
      "trace.yaml",
      MINIMAL.replace(
        "duration: { exponential: { mean: 30m } }",
        `duration: { empirical: { file: ${trace}, column: runtime } }`,
      ),
    );
    const r = await cli("validate", file);
    expect(r.code).toBe(2);
    expect(r.err.trim()).toMatch(
      /^.*trace\.yaml:14:\d+ workloads\.training\.0\.duration\.empirical\.file: .*runtimes\.csv:4: column 'runtime': not a number: "abc"$/,
    );
  });

  it("names a missing column and lists the ones there are", async () => {
    const trace = write("cols.csv", "seconds,gpus\n60,1\n");
    const file = write(
      "cols.yaml",
      MINIMAL.replace(
        "duration: { exponential: { mean: 30m } }",
        `duration: { empirical: { file: ${trace}, column: runtime } }`,
      ),
    );
    const r = await cli("validate", file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cols\.csv:1: no column 'runtime'; columns: seconds, gpus/);
  });
});

describe("many problems", () => {
  it(`shows the first ${MAX_PROBLEMS_SHOWN} and counts the rest`, async () => {
    const file = write("broken.yaml", MINIMAL + "extra: " + "[".repeat(10) + "]".repeat(60) + "\n");
    const r = await cli("validate", file);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split("\n");
    expect(lines).toHaveLength(MAX_PROBLEMS_SHOWN + 1);
    expect(lines.at(-1)).toMatch(/broken\.yaml: \d+ more problems not shown/);
  });

  it("reads .nan and .inf as numbers that are not accepted, with the reason", async () => {
    const file = write("nan.yaml", MINIMAL.replace("seed: 3", "seed: .nan"));
    const r = await cli("validate", file);
    expect(r.err.trim()).toMatch(/nan\.yaml:2:7 seed: got number NaN; expected a finite number/);
  });
});

describe("problem lines", () => {
  it("keeps one problem on one line when a key or value holds a newline", async () => {
    const file = write("newline.yaml", MINIMAL.replace("seed: 3", 'seed: 3\n"two\\nlines": 1'));
    const r = await cli("validate", file);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/newline\.yaml:3:1 .*two\\nlines/);
  });
});
