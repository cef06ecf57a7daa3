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
      const { readRunResults, runReport, writeRunPlots } =
        await import("../../experiment/run-plots.js");
      const { writeFileSync } = await import("node:fs");
      const folders = existsSync(join(dir, "manifest.json"))
        ? (
            JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
              runs: { folder: string }[];
            }
          ).runs.map((r) => join(dir, r.folder))
        : [dir];
      for (const f of folders) {
        const results = readRunResults(f);
        const plots = await writeRunPlots(f, results, true);
        writeFileSync(join(f, "report.html"), runReport(results, plots));
        ctx.stdout(`${f}: ${plots.length} plot${plots.length === 1 ? "" : "s"} and report.html\n`);
      }
    });
}
