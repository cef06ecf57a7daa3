/**
 * One-off measurement behind the generator choice documented at the top of `stream.ts`.
 *
 * Run: `npx tsx scripts/measure-generators.ts [draws]` (default 10,000,000 draws).
 *
 * Each (generator, method) pair runs in its own child process so that one generator's JIT
 * feedback (a call site that has seen several closures goes polymorphic) cannot slow another.
 * Each child warms up, then times `REPEATS` runs of `draws` calls and reports the fastest.
 * Prints a Markdown table; nothing here is used by the simulator.
 */
import { fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import seedrandom from "seedrandom";
import { Streams } from "../src/random/streams.js";

const GENERATORS = ["alea", "xor128", "xorwow", "xorshift7", "xor4096", "tychei", "arc4"] as const;
type GeneratorName = (typeof GENERATORS)[number];
const METHODS = ["call", "double", "seed"] as const;
type MethodName = (typeof METHODS)[number];
const STREAM_METHODS = ["stream.next", "stream.exponential", "stream.normal"] as const;
type StreamMethod = (typeof STREAM_METHODS)[number];

const DEFAULT_DRAWS = 10_000_000;
const WARMUP_DRAWS = 1_000_000;
const REPEATS = 3;
const SEED = "aidcsim:42:bench";
const SEEDINGS = 20_000;

interface Result {
  label: string;
  bestMs: number;
  sum: number;
}

function makePrng(name: GeneratorName, key: string = SEED): seedrandom.PRNG {
  return name === "arc4" ? seedrandom(key) : seedrandom[name](key);
}

/** Times `draws` calls of `draw`, returning wall milliseconds and the sum (kept so the loop is not dead). */
function time(draw: () => number, draws: number): { ms: number; sum: number } {
  let sum = 0;
  const t0 = performance.now();
  for (let i = 0; i < draws; i++) sum += draw();
  return { ms: performance.now() - t0, sum };
}

function bestOf(
  draw: () => number,
  draws: number,
  warmup = WARMUP_DRAWS,
): { bestMs: number; sum: number } {
  time(draw, warmup);
  let bestMs = Infinity;
  let sum = 0;
  for (let r = 0; r < REPEATS; r++) {
    const t = time(draw, draws);
    bestMs = Math.min(bestMs, t.ms);
    sum += t.sum;
  }
  return { bestMs, sum };
}

function runChild(label: string, draws: number): Result {
  if ((STREAM_METHODS as readonly string[]).includes(label)) {
    const s = new Streams(42).get("bench");
    const m = label as StreamMethod;
    const draw =
      m === "stream.next"
        ? () => s.next()
        : m === "stream.exponential"
          ? () => s.exponential(1)
          : () => s.normal(0, 1);
    return { label, ...bestOf(draw, draws) };
  }
  const [gen, method] = label.split(".") as [GeneratorName, MethodName];
  if (method === "seed") {
    // Cost of creating one stream: seed a generator from a stream-like key and take one draw.
    let i = 0;
    const r = bestOf(() => makePrng(gen, `aidcsim:42:workload/${i++}`)(), SEEDINGS, SEEDINGS / 10);
    return { label, bestMs: r.bestMs, sum: r.sum };
  }
  const prng = makePrng(gen);
  const draw = method === "call" ? prng : prng.double;
  return { label, ...bestOf(draw, draws) };
}

function inChild(label: string, draws: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1], ["--child", label, String(draws)]);
    child.on("message", (m) => resolve(m as Result));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`child ${label} exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    const result = runChild(args[1], Number(args[2]));
    process.send?.(result);
    return;
  }
  const draws = args[0] === undefined ? DEFAULT_DRAWS : Number(args[0]);
  const nsPerDraw = (r: Result): string => ((r.bestMs * 1e6) / draws).toFixed(1);
  console.log(`node ${process.version}, ${draws} draws, best of ${REPEATS}`);
  console.log(
    "| generator | () ms | () ns/draw | .double() ms | .double() ns/draw | seeding µs/stream |",
  );
  console.log("|---|---:|---:|---:|---:|---:|");
  for (const gen of GENERATORS) {
    const call = await inChild(`${gen}.call`, draws);
    const dbl = await inChild(`${gen}.double`, draws);
    const seed = await inChild(`${gen}.seed`, draws);
    const usPerSeed = ((seed.bestMs * 1e3) / SEEDINGS).toFixed(2);
    console.log(
      `| ${gen} | ${call.bestMs.toFixed(0)} | ${nsPerDraw(call)} | ${dbl.bestMs.toFixed(0)} | ${nsPerDraw(dbl)} | ${usPerSeed} |`,
    );
  }
  console.log("\n| through Stream | ms | ns/draw |");
  console.log("|---|---:|---:|");
  for (const m of STREAM_METHODS) {
    const r = await inChild(m, draws);
    console.log(`| ${m} | ${r.bestMs.toFixed(0)} | ${nsPerDraw(r)} |`);
  }
}

await main();
