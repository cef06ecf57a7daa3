import { Argument, type Command, Option } from "commander";
import type { BenchKind, BenchResult } from "../bench/index.js";
import { type CliContext, intArg, numberArg } from "../main.js";

/** The bench kinds (listed here so start-up does not load the benchmarks). */
const KINDS = ["mmc", "gpu", "hold"] as const satisfies readonly BenchKind[];

interface BenchFlags {
  json?: boolean;
  seed?: number;
  servers?: number;
  rho?: number;
  mu?: number;
  customers?: number;
  accelerators?: number;
  jobs?: number;
  load?: number;
  pending?: number;
  events?: number;
}

function human(r: BenchResult): string {
  return Object.entries(r)
    .map(
      ([k, v]) =>
        `${k.padEnd(16)} ${typeof v === "number" ? (Number.isInteger(v) ? v.toLocaleString("en-US") : v.toPrecision(6)) : String(v)}`,
    )
    .join("\n");
}

export function registerBench(program: Command, ctx: CliContext): void {
  program
    .command("bench")
    .description(
      "engine speed and analytic checks through the public engine (see docs/benchmarks.md)",
    )
    .addArgument(new Argument("[kind]", "which benchmark").choices(KINDS).default("mmc"))
    .option("--json", "print one JSON object per benchmark")
    .option("--seed <n>", "seed", intArg(0, 2 ** 32 - 1))
    .addOption(new Option("--servers <c>", "mmc: servers").argParser(intArg(1, 1_000_000)))
    .addOption(new Option("--rho <r>", "mmc: utilization in (0,1)").argParser(numberArg(0, 1)))
    .addOption(
      new Option("--mu <rate>", "mmc: service rate per server (1/s)").argParser(
        numberArg(0, Infinity),
      ),
    )
    .addOption(new Option("--customers <n>", "mmc: customers").argParser(intArg(1)))
    .addOption(
      new Option("--accelerators <n>", "gpu: accelerators in the pool").argParser(intArg(256)),
    )
    .addOption(new Option("--jobs <n>", "gpu: jobs").argParser(intArg(1)))
    .addOption(new Option("--load <r>", "gpu: offered load in (0,1)").argParser(numberArg(0, 1)))
    .addOption(new Option("--pending <n>", "hold: events pending throughout").argParser(intArg(1)))
    .addOption(new Option("--events <n>", "hold: events to fire").argParser(intArg(1)))
    .action(async (kind: BenchKind, f: BenchFlags) => {
      const { runBench } = await import("../bench/index.js");
      const defined = <T extends object>(o: T) =>
        Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
      const result =
        kind === "mmc"
          ? runBench(
              "mmc",
              defined({
                servers: f.servers,
                rho: f.rho,
                mu: f.mu,
                customers: f.customers,
                seed: f.seed,
              }),
            )
          : kind === "gpu"
            ? runBench(
                "gpu",
                defined({ accelerators: f.accelerators, jobs: f.jobs, load: f.load, seed: f.seed }),
              )
            : runBench("hold", defined({ pending: f.pending, events: f.events, seed: f.seed }));
      ctx.stdout(f.json ? JSON.stringify(result) + "\n" : human(result) + "\n");
    });
}
