import type { Command } from "commander";
import { type CliContext, collect } from "../main.js";

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command("validate")
    .description("check an experiment file; prints FILE:LINE:COL path: message per problem")
    .argument("<experiment>", "experiment file (YAML or JSON)")
    .option("--set <path=value>", "override a field (repeatable)", collect)
    .action(async (file: string, flags: { set?: string[] }) => {
      const { expandRuns } = await import("../../experiment/expand.js");
      const { catalog, loadWithCatalog, resolvePlan } = await import("../../experiment/run.js");
      const loaded = loadWithCatalog(file, flags.set ?? []);
      const plans = expandRuns(loaded, { acceleratorIds: catalog().ids() });
      for (const p of plans) resolvePlan(p);
      ctx.stdout(`${file}: valid (${plans.length} run${plans.length === 1 ? "" : "s"})\n`);
    });
}
