import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { type CliContext, intArg } from "../main.js";

/** Summaries of a results folder by seed: a single run, or runs/<scenario>/seed-<n>/. */
function folderSummaries(dir: string): Map<number, Record<string, unknown>> {
  const out = new Map<number, Record<string, unknown>>();
  const read = (f: string) => JSON.parse(readFileSync(f, "utf8")) as Record<string, unknown>;
  if (existsSync(join(dir, "summary.json"))) {
    const s = read(join(dir, "summary.json"));
    out.set(Number(s.seed), s);
    return out;
  }
  const runs = join(dir, "runs");
  if (!existsSync(runs)) return out;
  for (const scenario of readdirSync(runs).sort()) {
    for (const seedDir of readdirSync(join(runs, scenario)).sort()) {
      const f = join(runs, scenario, seedDir, "summary.json");
      if (existsSync(f)) {
        const s = read(f);
        out.set(Number(s.seed), s);
      }
    }
  }
  return out;
}

export function registerCompare(program: Command, ctx: CliContext): void {
  program
    .command("compare")
    .description(
      "paired deltas of every headline metric, B minus A, with 95% CIs and Holm-corrected significance",
    )
    .argument("<a>", "results folder or experiment file (baseline)")
    .argument(
      "<b>",
      "results folder, experiment file, or shock file (experiments/shocks/: A with those shocks)",
    )
    .option(
      "--replications <r>",
      "runs per experiment file (seeds from the file's seed)",
      intArg(2, 1000),
      10,
    )
    .option(
      "--independent",
      "give B other seeds (independent streams) instead of common random numbers",
    )
    .option(
      "--set <path=value>",
      "override a field in both files (repeatable)",
      (v: string, p: string[] = []) => [...p, v],
    )
    .option("--json", "print JSON")
    .action(
      async (
        a: string,
        b: string,
        flags: { replications: number; independent?: boolean; set?: string[]; json?: boolean },
      ) => {
        const { simulateSummary, flattenNumbers, loadWithCatalog } =
          await import("../../experiment/run.js");
        const { pairedDelta, holmDistinct } = await import("../../metrics/index.js");
        const { isShockFile, shocksSet } = await import("../../experiment/load.js");
        const { simpleInputError } = await import("../../experiment/problems.js");
        const summaries = (path: string, offset: number, extra: readonly string[] = []) => {
          if (statSync(path).isDirectory()) return folderSummaries(path);
          const sets = [...extra, ...(flags.set ?? [])];
          const first = loadWithCatalog(path, sets).spec.seed;
          const out = new Map<number, Record<string, unknown>>();
          for (let k = 0; k < flags.replications; k++) {
            const seed = first + k;
            out.set(seed, simulateSummary(path, [...sets, `seed=${seed + offset}`]));
          }
          return out;
        };
        // B may be a shock file: then B is A with those shocks overlaid.
        const bShocks = !statSync(b).isDirectory() && isShockFile(b);
        if (bShocks && statSync(a).isDirectory()) {
          throw simpleInputError(
            a,
            "B is a shock file, so A must be an experiment file to overlay it on, not a results folder",
          );
        }
        const sa = summaries(a, 0);
        const sb = bShocks
          ? summaries(a, flags.independent ? 1_000_000 : 0, [shocksSet(b)])
          : summaries(b, flags.independent ? 1_000_000 : 0);
        const seeds = [...sa.keys()].filter((s) => sb.has(s)).sort((x, y) => x - y);
        const fa = seeds.map((s) => flattenNumbers(sa.get(s)));
        const fb = seeds.map((s) => flattenNumbers(sb.get(s)));
        const metrics = Object.keys(fa[0] ?? {}).filter((m) =>
          [...fa, ...fb].every((r) => typeof r[m] === "number" && Number.isFinite(r[m])),
        );
        const rows = metrics.map((m) => ({
          metric: m,
          ...pairedDelta(
            fa.map((r) => r[m] as number),
            fb.map((r) => r[m] as number),
          ),
        }));
        // Holm over the metrics that can differ, each distinct one once (holmDistinct).
        const adjusted = holmDistinct(
          metrics.map((m) => fa.map((r) => r[m] as number)),
          metrics.map((m) => fb.map((r) => r[m] as number)),
          rows.map((r) => r.p),
        );
        // Pairing is arbitrary on independent seeds: gain and correlation only on CRN.
        const out = rows.map((r, i) => ({
          ...r,
          crnGain: flags.independent ? NaN : r.crnGain,
          correlation: flags.independent ? NaN : r.correlation,
          pHolm: adjusted[i],
          significant: adjusted[i] < 0.05,
        }));
        if (flags.json) {
          ctx.stdout(
            JSON.stringify(
              { a, b, seeds, commonRandomNumbers: !flags.independent, metrics: out },
              null,
              2,
            ) + "\n",
          );
          return;
        }
        // Four significant figures; beyond 1e10 in exponent form so the columns hold
        // (tokens trained run to 1e13); -0 prints as 0.
        const fmt = (x: number) =>
          !Number.isFinite(x)
            ? "-"
            : Math.abs(x) >= 1e10
              ? x.toExponential(3)
              : (Number(x.toPrecision(4)) + 0).toLocaleString("en-US");
        ctx.stdout(
          `compare: B - A over ${seeds.length} seed${seeds.length === 1 ? "" : "s"} (${flags.independent ? "independent seeds" : "common random numbers"}); * = significant after Holm at 5%\n`,
        );
        const gainHeader = flags.independent ? "" : "  CRN gain";
        ctx.stdout(
          `${"metric".padEnd(44)} ${"A".padStart(12)} ${"B".padStart(12)} ${"B - A".padStart(12)}  95% CI                      p (Holm)${gainHeader}\n`,
        );
        for (const r of out) {
          if (r.delta === 0 && r.ciLow === 0 && r.ciHigh === 0) continue;
          const p = `${r.pHolm < 0.001 ? "<0.001" : fmt(r.pHolm)}${r.significant ? " *" : ""}`;
          const gain = flags.independent
            ? ""
            : (r.crnGain === Infinity
                ? "exact"
                : Number.isFinite(r.crnGain)
                  ? `${r.crnGain.toFixed(2)}x`
                  : "-"
              ).padStart(10);
          ctx.stdout(
            `${r.metric.padEnd(44)} ${fmt(r.meanA).padStart(12)} ${fmt(r.meanB).padStart(12)} ${fmt(r.delta).padStart(12)}  [${fmt(r.ciLow)}, ${fmt(r.ciHigh)}]`.padEnd(
              110,
            ) + ` ${gain ? p.padEnd(8) : p}${gain}\n`,
          );
        }
        if (!flags.independent) {
          ctx.stdout(
            "CRN gain: estimated width of the CI on as many independent seeds, over this one: sqrt((var A + var B) / var(B - A))\n",
          );
        }
      },
    );
}
