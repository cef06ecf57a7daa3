import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulateFile } from "../helpers/simulate.js";
import { DataCenter } from "../../src/datacenter/index.js";
import { InputError, formatProblem } from "../../src/experiment/problems.js";

const FILE = join(__dirname, "..", "..", "experiments", "regression", "training-models.yaml");

function simulate(sets: string[] = []) {
  return simulateFile(FILE, sets).dc;
}

function problems(sets: string[]): string[] {
  try {
    simulate(sets);
  } catch (e) {
    if (e instanceof InputError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}

describe("training jobs that name a model", () => {
  it("get their run time from the performance model for the pool they start in", () => {
    const dc = simulate();
    const job = dc.jobs[0];
    expect(job.workload).toBe("pretrain-8b");
    // 6 x 8.03e9 parameters x 2e10 tokens at the step's MFU on 128 x 989 TFLOP/s, roughly.
    const ideal = (6 * 8.03e9 * 2e10) / (128 * 989e12 * job.mfu);
    expect(job.durationS / ideal).toBeGreaterThan(0.9);
    expect(job.durationS / ideal).toBeLessThan(1.2);
    expect(job.mfu).toBeGreaterThan(0.2);
    expect(job.mfu).toBeLessThan(0.7);
  });

  it("rejects a model too large for any eligible pool, with the memory breakdown", () => {
    const dc = simulate();
    const big = dc.jobs.find((j) => j.workload === "big");
    expect(big?.rejected).toBe(true);
    expect(dc.warnings.messages()[0]).toMatch(
      /llama-3\.1-405b on 8 x nvidia-h100-sxm: needs .* GB per accelerator/,
    );
  });

  it("runs slower under a calibration with lower fitted matmul efficiency", () => {
    const base = simulate().jobs[0].durationS;
    const calibrated = simulate(["pools.0.calibration=example-h100-synthetic"]).jobs[0].durationS;
    expect(calibrated).toBeGreaterThan(base);
  });

  it("reports an unknown model or calibration against the file", () => {
    expect(problems(["workloads.training.0.model=llama-3-8", "pools.0.calibration=nope"])).toEqual([
      expect.stringMatching(
        /training-models\.yaml:\d+:\d+ pools\.0\.calibration: no calibration file .*nope\.yaml; in models\/calibrations: example-h100-synthetic/,
      ),
      expect.stringMatching(
        /training-models\.yaml:\d+:\d+ workloads\.training\.0\.model: unknown model 'llama-3-8'; did you mean 'llama-3-8b'\?/,
      ),
    ]);
  });
});
