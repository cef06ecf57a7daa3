import type { Command } from "commander";
import type { CliContext } from "../main.js";

function table(rows: Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const text = rows.map((r) =>
    cols.map((c) => (r[c] === null || r[c] === undefined ? "-" : String(r[c]))),
  );
  const widths = cols.map((c, i) => Math.max(c.length, ...text.map((t) => t[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((s, i) => s.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(cols), line(widths.map((w) => "-".repeat(w))), ...text.map(line)].join("\n") + "\n";
}

export function registerCatalog(program: Command, ctx: CliContext): void {
  program
    .command("catalog")
    .description("accelerators, LLMs and calibrations known, with key figures (* = estimate)")
    .option("--json", "print JSON")
    .option("--estimates", "list the estimated figures an experiment's estimates: section can move")
    .action(async (flags: { json?: boolean; estimates?: boolean }) => {
      const { catalogRows, defaultModelsDir, estimateKeys, loadPrices } =
        await import("../../models/index.js");
      const { catalog } = await import("../../experiment/run.js");
      if (flags.estimates) {
        const keys = [...estimateKeys(catalog(), loadPrices())].map(([key, e]) => ({
          key,
          low: e.low,
          value: e.value,
          high: e.high,
          basis: e.basis,
        }));
        if (flags.json) ctx.stdout(JSON.stringify(keys, null, 2) + "\n");
        else
          ctx.stdout(
            table(keys.map(({ basis: _basis, ...k }) => k)) +
              "\nUse in an experiment: estimates: { <key>: low | value | high | <number in range> };\n" +
              "sweep one: sweep: { estimates.<key>: [low, value, high] }. Bases: --estimates --json.\n",
          );
        return;
      }
      const { performanceData } = await import("../../experiment/performance-wiring.js");
      const { readdirSync } = await import("node:fs");
      const rows = catalogRows(catalog());
      const llmCatalog = performanceData().llms;
      const llms = llmCatalog.ids().map((id) => llmCatalog.get(id));
      const calibrations = readdirSync(`${defaultModelsDir()}/calibrations`)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => f.replace(/\.ya?ml$/, ""))
        .sort();
      if (flags.json) {
        // Every figure with its source; estimates keep their range and basis.
        const c = catalog();
        const accelerators = c.ids().map((id) => c.get(id));
        ctx.stdout(JSON.stringify({ accelerators, llms, calibrations }, null, 2) + "\n");
        return;
      }
      const display = rows.map((r) => {
        const est = new Set(r.estimated);
        const mark = (k: string, v: unknown) =>
          v === null ? null : `${String(v)}${est.has(k) ? "*" : ""}`;
        return {
          id: r.id,
          vendor: r.vendor,
          bf16TFlops: mark("bf16DenseTFlops", r.bf16DenseTFlops),
          fp8TFlops: mark("fp8DenseTFlops", r.fp8DenseTFlops),
          hbmGB: mark("hbmGB", r.hbmGB),
          hbmTBps: mark("hbmTBps", r.hbmTBps),
          maxPowerW: mark("maxPowerW", r.maxPowerW),
          scaleUp: mark("scaleUpDomain", r.scaleUpDomain),
          cooling: r.cooling,
          released: r.releaseDate,
        };
      });
      ctx.stdout(table(display));
      ctx.stdout("\n");
      ctx.stdout(
        table(
          llms.map((m) => ({
            llm: m.id,
            architecture: m.architecture,
            layers: m.layers,
            hidden: m.hiddenSize,
            kvHeads: m.kvHeads,
            paramsTotal: `${(m.parametersTotal / 1e9).toFixed(1)}B`,
            paramsActive: `${(m.parametersActive / 1e9).toFixed(1)}B`,
          })),
        ),
      );
      ctx.stdout(`\ncalibrations (models/calibrations): ${calibrations.join(", ") || "(none)"}\n`);
      ctx.stdout(
        "* estimate: not published; value, range and basis in models/accelerators/<id>.yaml\n",
      );
    });
}
