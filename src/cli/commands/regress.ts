import { performance } from "node:perf_hooks";
import type { Command } from "commander";
import { type CliContext, EXIT } from "../main.js";
import { repoRoot } from "../repo-root.js";

export function registerRegress(program: Command, ctx: CliContext): void {
  program
    .command("regress")
    .description(
      "run experiments/regression/*.yaml at their seeds and compare with results/baselines/ byte for byte",
    )
    .option("--update", "rewrite the baselines and list what changed")
    .option(
      "--root <dir>",
      "repository folder holding experiments/regression and results/baselines",
    )
    .action(async (flags: { update?: boolean; root?: string }) => {
      const { regress } = await import("../../experiment/regress.js");
      const cases = await regress({
        root: flags.root ?? repoRoot(),
        update: flags.update ?? false,
        wallClockMs: () => performance.now(),
        onCase: (name) => ctx.stderr(`regress: ${name}\n`),
      });
      if (cases.length === 0) {
        ctx.stderr("regress: no experiments in experiments/regression/\n");
        ctx.exitCode = EXIT.badInput;
        return;
      }
      let changed = 0;
      for (const c of cases) {
        if (c.differences.length === 0) {
          ctx.stdout(`ok       ${c.name}\n`);
          continue;
        }
        changed++;
        ctx.stdout(`${c.updated ? "updated " : "CHANGED "} ${c.name}\n`);
        for (const d of c.differences) {
          ctx.stdout(`  ${d.file}\n`);
          for (const line of d.details) ctx.stdout(`    ${line}\n`);
        }
      }
      const verdict = flags.update
        ? `${changed} baseline${changed === 1 ? "" : "s"} updated, ${cases.length - changed} unchanged`
        : `${cases.length - changed} passed, ${changed} failed`;
      ctx.stdout(`regress: ${verdict}\n`);
      if (changed > 0 && !flags.update) ctx.exitCode = EXIT.regressDiff;
    });
}
