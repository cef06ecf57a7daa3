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
    .description("accelerators known, with key figures (* = estimate, see models/accelerators)")
    .option("--json", "print JSON")
    .action(async (flags: { json?: boolean }) => {
      const { catalogRows } = await import("../../models/index.js");
      const { catalog } = await import("../../experiment/run.js");
      const rows = catalogRows(catalog());
      if (flags.json) {
        // Every figure with its source; estimates keep their range and basis.
        const c = catalog();
        const accelerators = c.ids().map((id) => c.get(id));
        ctx.stdout(JSON.stringify({ accelerators, llms: [], calibrations: [] }, null, 2) + "\n");
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
      ctx.stdout(
        "* estimate: not published; value, range and basis in models/accelerators/<id>.yaml\n",
      );
    });
}
