import { join } from "node:path";
import * as problemsModule from "../../src/experiment/problems.js";
import { describe, expect, it } from "vitest";
import { loadExperiment, loadExperimentText } from "../../src/experiment/load.js";
import { InputError, formatProblem } from "../../src/experiment/problems.js";

const FIXTURES = join(__dirname, "..", "fixtures");
const IDS = ["nvidia-h100-sxm", "aws-trainium2"];

function problems(text: string, sets: string[] = []): string[] {
  try {
    loadExperimentText("exp.yaml", text, { acceleratorIds: IDS, sets });
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

const VALID = `name: t
seed: 1
horizon: 1d
sites:
  - name: s
    cloud: {}
pools:
  - name: p
    site: s
    accelerator: nvidia-h100-sxm
    count: 8
`;

describe("loading experiments", () => {
  it("reports a wrong type, a misspelt enum value and an unknown key at once, with positions", () => {
    let err: unknown;
    try {
      loadExperiment(join(FIXTURES, "three-problems.yaml"), { acceleratorIds: IDS });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const lines = (err as InputError).problems.map(
      (p) => `${p.line}:${p.col} ${p.path}: ${p.message}`,
    );
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('11:12 pools.0.count: got text "many"; expected number');
    expect(lines[1]).toMatch(
      /^13:11 scheduler\.policy: .*accepted values: fifo, easy-backfill, .*; did you mean 'fifo'\?$/,
    );
    expect(lines[2]).toMatch(/^14:1 warmpu: unknown key 'warmpu'; did you mean 'warmup'\?/);
  });

  it("accepts a valid file and fills in defaults", () => {
    const spec = loadExperimentText("x.yaml", VALID, { acceleratorIds: IDS }).spec;
    expect(spec.start).toBe("2026-01-01T00:00Z");
    expect(spec.output.interval).toBe("15m");
    expect(spec.scheduler.policy).toBe("fifo");
    expect(spec.workloads.training).toEqual([]);
  });

  it("reports a YAML syntax error with line and column", () => {
    const out = problems("name: x\nseed: [1\n  horizon: 2d\n");
    expect(out[0]).toMatch(/^exp\.yaml:2:\d+ YAML syntax error/);
  });

  it("rejects duplicate keys", () => {
    expect(problems(VALID + "seed: 2\n")[0]).toMatch(/exp\.yaml:12:1 .*[Dd]uplicate|unique/);
  });

  it("suggests the nearest accelerator and lists the accepted ones", () => {
    const out = problems(VALID.replace("nvidia-h100-sxm", "nvidia-h100-smx"));
    expect(out).toEqual([
      "exp.yaml:10:18 pools.0.accelerator: unknown accelerator 'nvidia-h100-smx'; did you mean 'nvidia-h100-sxm'?; accepted values: aws-trainium2, nvidia-h100-sxm",
    ]);
  });

  it("names every variant of a shortened accelerator id", () => {
    const { suggestion } = problemsModule;
    const ids = ["nvidia-h100-pcie", "nvidia-h100-sxm", "nvidia-h200"];
    expect(suggestion("nvidia-h100", ids)).toBe(
      "; did you mean 'nvidia-h100-pcie' or 'nvidia-h100-sxm'?",
    );
    expect(suggestion("nvidia-h20", ids)).toBe("; did you mean 'nvidia-h200'?");
  });

  it("points into a distribution rather than saying only 'invalid input'", () => {
    const text = `${VALID}workloads:
  training:
    - name: j
      accelerators: 4
      duration: { lognormal: { median: 1h } }
`;
    expect(problems(text)).toEqual([
      "exp.yaml:16:30 workloads.training.0.duration.lognormal.sigma: missing required field; expected number",
    ]);
  });

  it("suggests the distribution meant by a misspelt form", () => {
    const text = `${VALID}workloads:
  training:
    - name: j
      accelerators: 4
      duration: { lognormall: { median: 1h, sigma: 1 } }
`;
    const out = problems(text);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^exp\.yaml:16:19 .*duration\.lognormall: unknown key 'lognormall'; did you mean 'lognormal'\?/,
    );
  });

  it("explains a bad duration with the accepted forms", () => {
    expect(problems(VALID.replace("horizon: 1d", "horizon: 3 days"))[0]).toMatch(
      /^exp\.yaml:3:10 horizon: expected .*duration like 90s.*date like/,
    );
  });

  it("rejects a job that no eligible pool could ever hold", () => {
    const text = `${VALID}workloads:
  training:
    - { name: j, accelerators: 64, duration: 1h }
`;
    expect(problems(text)[0]).toMatch(
      /accelerators: asks for up to 64 accelerators, but the largest eligible pool has 8/,
    );
  });

  it("checks references between sections with suggestions", () => {
    const out = problems(VALID.replace("site: s", "site: ss"));
    expect(out[0]).toMatch(/pools\.0\.site: unknown site 'ss'; did you mean 's'\?/);
  });

  it("applies --set overrides before validation", () => {
    const spec = loadExperimentText("x.yaml", VALID, {
      acceleratorIds: IDS,
      sets: ["pools.0.count=32", "seed=9"],
    }).spec;
    expect(spec.pools[0].count).toBe(32);
    expect(spec.seed).toBe(9);
    expect(problems(VALID, ["pools.0.count=-1"])[0]).toMatch(/pools\.0\.count/);
    expect(problems(VALID, ["nonsense"])[0]).toMatch(/--set expects path=value/);
  });

  it("treats YAML tags as data, never as code", () => {
    const out = problems(VALID.replace("name: t", "name: !!js/function 'function(){}'"));
    expect(out.length).toBeGreaterThan(0);
  });

  it("reads JSON files with positions too", () => {
    const json = JSON.stringify(
      {
        name: "j",
        seed: "x",
        horizon: "1d",
        sites: [{ name: "s", cloud: {} }],
        pools: [{ name: "p", site: "s", accelerator: "aws-trainium2", count: 1 }],
      },
      null,
      2,
    );
    expect(problems(json)).toEqual(['exp.yaml:3:11 seed: got text "x"; expected number']);
  });

  it("says which --set caused a problem and rejects an index past the end of a list", () => {
    expect(problems(VALID, ["pools.0.count=-1"])).toEqual([
      "exp.yaml: pools.0.count: must be > 0, got -1 (from --set pools.0.count=-1)",
    ]);
    expect(problems(VALID, ["pools.5.count=3"])).toEqual([
      "exp.yaml: pools.5.count: --set pools.5.count=3: index 5 is out of range: pools has 1 entry (indexes from 0)",
    ]);
  });

  it("explains a bad duration inside a mapping without showing a regular expression", () => {
    const out = problems(`${VALID}output: { interval: 15mins }\n`);
    expect(out).toEqual([
      "exp.yaml:12:21 output.interval: expected a number of seconds or a duration like 90s, 15m, 6h, 30d, 12w, 1y",
    ]);
  });

  it("calls a missing required field missing, for fields with several forms too", () => {
    const out = problems(VALID.replace("horizon: 1d\n", ""));
    expect(out[0]).toMatch(/^exp\.yaml:1:1 horizon: missing required field; expected/);
  });

  it("reports a JSON syntax error as JSON, with its position", () => {
    let err: unknown;
    try {
      loadExperimentText("exp.json", '{\n  "name": "x",\n  "seed": 1\n  "horizon": "1d"\n}\n', {
        acceleratorIds: IDS,
      });
    } catch (e) {
      err = e;
    }
    expect((err as InputError).problems.map(formatProblem)).toEqual([
      "exp.json:4:3 JSON syntax error: Expected ',' or '}' after property value",
    ]);
  });

  it("reports a missing file as bad input", () => {
    expect(() => loadExperiment(join(FIXTURES, "nope.yaml"), { acceleratorIds: IDS })).toThrow(
      InputError,
    );
  });
});
