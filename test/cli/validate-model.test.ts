import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runValidation, validationMarkdown } from "../../src/cli/validation.js";

const ROOT = join(__dirname, "..", "..");
const checks = runValidation(ROOT);

describe("aidcsim validate-model", () => {
  it("has at least eight checks, at least six of them out of sample", () => {
    expect(checks.length).toBeGreaterThanOrEqual(8);
    expect(checks.filter((c) => !c.fitted).length).toBeGreaterThanOrEqual(6);
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
  });

  it("passes every analytic check (queues, heat) and the FLOP count", () => {
    for (const id of [
      "erlang-c-mm64-engine",
      "erlang-c-mm8-service",
      "rc-transient-1rc",
      "rc-transient-3rc",
      "recirculation-two-groups",
      "llama3-405b-training-flops",
    ]) {
      const c = checks.find((x) => x.id === id);
      expect(c, id).toBeDefined();
      expect(c!.fitted, id).toBe(false);
      expect(c!.pass, `${id}: error ${c!.error}`).toBe(true);
    }
  });

  it("computes each error from the reference and the simulated value", () => {
    for (const c of checks) {
      const e =
        c.errorKind === "relative" ? c.simulated / c.reference - 1 : c.simulated - c.reference;
      expect(c.error).toBeCloseTo(e, 12);
      expect(c.pass).toBe(Math.abs(e) <= c.tolerance);
    }
  });

  it("matches docs/validation.md (regenerate: npx aidcsim validate-model --out docs/validation.md)", () => {
    const doc = readFileSync(join(ROOT, "docs", "validation.md"), "utf8");
    expect(doc).toBe(
      validationMarkdown(checks, "npx aidcsim validate-model --out docs/validation.md"),
    );
  });
});
