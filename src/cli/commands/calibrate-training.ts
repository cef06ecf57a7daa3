import type { Command } from "commander";
import type { CliContext } from "../main.js";

export function registerCalibrateTraining(program: Command, ctx: CliContext): void {
  program
    .command("calibrate-training")
    .description(
      "refit each stack's trainingCompute factor to models/efficiency/training-calibration.yaml",
    )
    .option("--json", "print JSON")
    .action(async (flags: { json?: boolean }) => {
      const m = await import("../../models/index.js");
      const accs = m.loadAcceleratorCatalog();
      const llms = m.loadLlmCatalog();
      const effs = m.loadEfficiencyCatalog();
      const rows = m.loadTrainingCalibration();
      const inputs = {
        llm: (id: string) => llms.get(id),
        accelerator: (id: string) => accs.get(id),
        efficiency: (acc: string, stack: string) => effs.efficiency(acc, stack),
      };
      const stacks = [...new Set(rows.map((r) => r.stack))].sort();
      const fits = stacks.map((s) => m.fitTrainingCompute(s, rows, inputs));
      if (flags.json) {
        ctx.stdout(JSON.stringify(fits, null, 2) + "\n");
        return;
      }
      for (const f of fits) {
        const current = effs.efficiency(
          rows.find((r) => r.stack === f.stack)!.accelerator,
          f.stack,
        ).trainingCompute;
        ctx.stdout(
          `${f.stack}: trainingCompute ${f.value.toFixed(3)} (stacks.yaml has ${current}); RMS MFU error ${(f.rmsError * 100).toFixed(1)} points\n`,
        );
        for (const r of f.rows) {
          ctx.stdout(
            `  ${r.id.padEnd(28)} measured ${(r.published * 100).toFixed(2)}%  modelled ${(r.modelled * 100).toFixed(2)}%  (MFU under this model's FLOP count)\n`,
          );
        }
      }
    });
}
