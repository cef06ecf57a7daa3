import type { Command } from "commander";
import type { CliContext } from "../main.js";

/**
 * `aidcsim calibrate CSV --out FILE`: fits inference efficiency factors and per-step overheads
 * to measurements by least squares and writes a calibration file an experiment can name.
 */
export function registerCalibrate(program: Command, ctx: CliContext): void {
  program
    .command("calibrate")
    .description("fit efficiency factors and per-step overheads to measured prefill/decode times")
    .argument(
      "<measurements>",
      "CSV: model,accelerator,tensorParallel,batchSize,promptTokens,prefillMs,decodeMsPerToken",
    )
    .requiredOption(
      "--out <file>",
      "calibration file to write (YAML), e.g. models/calibrations/NAME.yaml",
    )
    .option(
      "--stack <id>",
      "software stack the other factors come from (default: the accelerator vendor's)",
    )
    .option("--name <name>", "calibration name (default: the output file name)")
    .action(async (csv: string, flags: { out: string; stack?: string; name?: string }) => {
      const { readFileSync, writeFileSync } = await import("node:fs");
      const { basename, dirname, relative, resolve } = await import("node:path");
      const { stringify } = await import("yaml");
      const { InputError, simpleInputError } = await import("../../experiment/problems.js");
      const models = await import("../../models/index.js");
      let text: string;
      try {
        text = readFileSync(csv, "utf8");
      } catch (err) {
        throw simpleInputError(csv, `cannot read the measurements: ${(err as Error).message}`);
      }
      const accelerators = models.loadAcceleratorCatalog();
      const llms = models.loadLlmCatalog();
      const efficiency = models.loadEfficiencyCatalog();
      const parsed = models.parseMeasurements(csv, text, {
        models: llms.ids(),
        accelerators: accelerators.ids(),
      });
      if ("problems" in parsed) throw new InputError(parsed.problems);
      if (flags.stack !== undefined && !efficiency.stackIds().includes(flags.stack)) {
        const hint = models.suggest(flags.stack, efficiency.stackIds());
        throw simpleInputError(
          "--stack",
          `unknown stack "${flags.stack}"${hint === undefined ? "" : ` (did you mean "${hint}"?)`}; stacks: ${efficiency.stackIds().join(", ")}`,
        );
      }
      const stackFor = (accId: string) =>
        flags.stack ?? efficiency.defaultStackFor(accelerators.get(accId).vendor);
      let calibration;
      try {
        calibration = models.fitCalibration({
          rows: parsed.rows,
          llm: (id) => llms.get(id),
          accelerator: (id) => accelerators.get(id),
          efficiency: (id) => efficiency.efficiency(id, stackFor(id)),
          stack: stackFor,
          name: flags.name ?? basename(flags.out).replace(/\.ya?ml$/, ""),
          // Relative to the calibration file, so the pair can move together.
          measurementsFile: relative(dirname(resolve(flags.out)), resolve(csv))
            .split("\\")
            .join("/"),
        });
      } catch (err) {
        if (err instanceof models.CalibrationFitError) throw simpleInputError(csv, err.message);
        throw err;
      }
      try {
        writeFileSync(
          flags.out,
          `# Written by aidcsim calibrate; see models/calibrations/README.md.\n${stringify(calibration)}`,
        );
      } catch (err) {
        throw simpleInputError(
          flags.out,
          `cannot write the calibration: ${(err as Error).message}`,
        );
      }
      ctx.stdout(formatReport(calibration));
      ctx.stdout(`wrote ${flags.out}\n`);
    });
}

type Calibration = import("../../models/calibration/calibration-schema.js").Calibration;

function formatReport(c: Calibration): string {
  const lines: string[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  for (const [acc, a] of Object.entries(c.accelerators)) {
    lines.push(`${acc} (stack ${a.stack})`);
    for (const [k, v] of Object.entries(a.factors))
      lines.push(`  ${k} = ${Number(v).toPrecision(4)}`);
    if (a.notFitted.length > 0)
      lines.push(
        `  not identifiable from these rows (stack default kept): ${a.notFitted.join(", ")}`,
      );
    lines.push("  line  kind     model                 measured ms  predicted ms  error");
    for (const p of a.fit.points) {
      lines.push(
        `  ${String(p.line).padStart(4)}  ${p.kind.padEnd(7)}  ${p.model.padEnd(20)}  ${p.measuredMs.toFixed(2).padStart(11)}  ${p.predictedMs.toFixed(2).padStart(12)}  ${pct(p.relativeError).padStart(6)}`,
      );
    }
    lines.push(
      `  RMSE ${a.fit.rmseMs.toFixed(3)} ms, RMS relative error ${pct(a.fit.rmsRelativeError)}, max relative error ${pct(a.fit.maxRelativeError)}`,
    );
  }
  return lines.join("\n") + "\n";
}
