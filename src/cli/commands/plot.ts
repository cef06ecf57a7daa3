import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../main.js";

export function registerPlot(program: Command, ctx: CliContext): void {
  program
    .command("plot")
    .description(
      "rebuild the plots and report.html of a results folder (a run, or every run of a sweep) without rerunning",
    )
    .argument("<dir>", "results folder written by aidcsim run or sweep")
    .action(async (dir: string) => {
      const { readRunResults, runReport, writeRunPlots, writeSweepReport } =
        await import("../../experiment/run-plots.js");
      const { flattenNumbers } = await import("../../experiment/run.js");
      const { writeFileSync } = await import("node:fs");
      interface ManifestRun {
        scenario: string;
        seed: number;
        overrides: Record<string, string | number | boolean | null>;
        folder: string;
      }
      const manifest = existsSync(join(dir, "manifest.json"))
        ? (JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
            experiment: string;
            runs: ManifestRun[];
          })
        : undefined;
      const folders = manifest ? manifest.runs.map((r) => join(dir, r.folder)) : [dir];
      const summaries: Record<string, unknown>[] = [];
      for (const f of folders) {
        const results = readRunResults(f);
        summaries.push(results.summary);
        const plots = await writeRunPlots(f, results, true);
        writeFileSync(join(f, "report.html"), runReport(results, plots));
        ctx.stdout(`${f}: ${plots.length} plot${plots.length === 1 ? "" : "s"} and report.html\n`);
      }
      if (manifest) {
        // Axis values in their sorted order (the experiment's listing order is not in the folder).
        const runs = manifest.runs.map((r, i) => ({
          scenario: r.scenario,
          seed: r.seed,
          axes: r.overrides,
          metrics: flattenNumbers(summaries[i]),
          folder: r.folder,
        }));
        const html = await writeSweepReport(dir, manifest.experiment, runs, {}, true);
        writeFileSync(join(dir, "report.html"), html);
        ctx.stdout(`${dir}: sweep plots and report.html\n`);
      }
    });
}
