/**
 * Regression on fixed seeds: every `experiments/regression/*.yaml` is run and its deterministic
 * outputs compared byte for byte with `results/baselines/<name>/`. Differences name the file and
 * the field (JSON path, or CSV line and column) that changed.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, join, relative } from "node:path";
import { runExperimentFile } from "./run.js";

/** Files under a run folder that the determinism contract freezes (run-info.json is excluded). */
export function isComparedFile(rel: string): boolean {
  const name = basename(rel);
  if (name === "run-info.json") return false;
  return (
    /\.(json|csv)$/.test(name) &&
    !rel.split("/").some((seg) => seg.startsWith(".")) &&
    (!rel.includes("plots/") || name.endsWith(".vl.json"))
  );
}

/** Paths of every file under `dir`, relative to it with "/" separators, sorted (none if missing). */
export function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p, base));
    else out.push(relative(base, p).split("\\").join("/"));
  }
  return out;
}

/** A readable description of how two JSON values differ (at most `limit` paths). */
export function jsonDiff(
  a: unknown,
  b: unknown,
  path = "",
  out: string[] = [],
  limit = 20,
): string[] {
  if (out.length >= limit) return out;
  const isObj = (v: unknown) => v !== null && typeof v === "object";
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])];
    for (const k of keys) {
      const p = path === "" ? k : `${path}.${k}`;
      if (!(k in bo))
        out.length < limit && out.push(`${p}: removed (was ${JSON.stringify(ao[k])})`);
      else if (!(k in ao)) out.length < limit && out.push(`${p}: added (${JSON.stringify(bo[k])})`);
      else jsonDiff(ao[k], bo[k], p, out, limit);
    }
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(`${path || "(root)"}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
  }
  return out;
}

/**
 * Line/column differences of two CSV texts with a header (at most `limit`). Columns are matched
 * by name, so an added column is reported once rather than as a shift of every later cell.
 */
export function csvDiff(a: string, b: string, limit = 20): string[] {
  const la = a.split("\n");
  const lb = b.split("\n");
  const ha = (la[0] ?? "").split(",");
  const hb = (lb[0] ?? "").split(",");
  const out: string[] = [];
  if (la[0] !== lb[0]) {
    const added = hb.filter((c) => !ha.includes(c));
    const removed = ha.filter((c) => !hb.includes(c));
    out.push(
      `header: ${la[0]} -> ${lb[0]}` +
        (added.length ? `; columns added: ${added.join(", ")}` : "") +
        (removed.length ? `; columns removed: ${removed.join(", ")}` : ""),
    );
  }
  const common = ha.filter((c) => hb.includes(c));
  const n = Math.max(la.length, lb.length);
  let shown = 0;
  let more = 0;
  for (let i = 1; i < n; i++) {
    if (la[i] === undefined || lb[i] === undefined) {
      if (shown < limit)
        out.push(`line ${i + 1}: ${la[i] === undefined ? `added ${lb[i]}` : `removed ${la[i]}`}`);
      else more++;
      shown++;
      continue;
    }
    const ca = la[i].split(",");
    const cb = lb[i].split(",");
    const cols: string[] = [];
    for (const c of common) {
      const va = ca[ha.indexOf(c)] ?? "";
      const vb = cb[hb.indexOf(c)] ?? "";
      if (va !== vb) cols.push(`${c}: ${va} -> ${vb}`);
    }
    if (cols.length === 0) continue;
    if (shown < limit) out.push(`line ${i + 1} (${ca.slice(0, 3).join(",")}): ${cols.join("; ")}`);
    else more++;
    shown++;
  }
  if (more > 0) out.push(`... and ${more} more line${more === 1 ? "" : "s"}`);
  return out;
}

export interface FileDifference {
  file: string;
  details: string[];
}

/**
 * Order in which differences are listed inside a run folder: the headline figures first
 * (summary.json), then jobs, time series and the resolved experiment, plot specs last.
 */
function fileRank(rel: string): number {
  const name = basename(rel);
  if (rel.includes("plots/")) return 5;
  return { "summary.json": 0, "sweep.csv": 1, "jobs.csv": 2, "timeseries.csv": 3 }[name] ?? 4;
}

/** Compares the frozen files of two folders; returns what differs (headline files first). */
export function compareFolders(baselineDir: string, actualDir: string): FileDifference[] {
  const files = [...new Set([...listFiles(baselineDir), ...listFiles(actualDir)])]
    .filter(isComparedFile)
    .sort((a, b) => {
      const da = a
        .split("/")
        .slice(0, -1)
        .filter((s) => s !== "plots")
        .join("/");
      const db = b
        .split("/")
        .slice(0, -1)
        .filter((s) => s !== "plots")
        .join("/");
      if (da !== db) return da < db ? -1 : 1;
      return fileRank(a) - fileRank(b) || (a < b ? -1 : a > b ? 1 : 0);
    });
  const diffs: FileDifference[] = [];
  for (const f of files) {
    const pa = join(baselineDir, f);
    const pb = join(actualDir, f);
    if (!existsSync(pa)) {
      diffs.push({ file: f, details: ["not in the baseline (new output)"] });
      continue;
    }
    if (!existsSync(pb)) {
      diffs.push({ file: f, details: ["missing from this run's output"] });
      continue;
    }
    const a = readFileSync(pa, "utf8");
    const b = readFileSync(pb, "utf8");
    if (a === b) continue;
    let details: string[];
    if (f.endsWith(".json")) {
      const limit = f.includes("plots/") ? 5 : 20;
      try {
        details = jsonDiff(JSON.parse(a), JSON.parse(b), "", [], limit);
        if (details.length >= limit) details.push(`... (the first ${limit} differences shown)`);
      } catch {
        details = ["not valid JSON"];
      }
      if (details.length === 0) details = ["same values, different bytes (formatting)"];
    } else {
      details = csvDiff(a, b);
    }
    diffs.push({ file: f, details });
  }
  return diffs;
}

export interface RegressCase {
  name: string;
  differences: FileDifference[];
  updated: boolean;
}

export interface RegressOptions {
  /** Folder with `experiments/regression` and `results/baselines` (the repository root). */
  root: string;
  update: boolean;
  /** Wall clock for each run's run-info.json (see RunOptions.wallClockMs). */
  wallClockMs?: () => number;
  onCase?: (name: string) => void;
}

/** Copies the frozen files of a run folder into a baseline folder (replacing it). */
function writeBaseline(actualDir: string, baselineDir: string): void {
  rmSync(baselineDir, { recursive: true, force: true });
  for (const f of listFiles(actualDir).filter(isComparedFile)) {
    const to = join(baselineDir, f);
    mkdirSync(join(to, ".."), { recursive: true });
    cpSync(join(actualDir, f), to);
  }
}

/**
 * Runs the suite. Outputs go to `results/regress/<name>/` (the same depth as the baselines, so
 * relative trace paths in experiment.resolved.json match).
 */
export async function regress(options: RegressOptions): Promise<RegressCase[]> {
  const suiteDir = join(options.root, "experiments", "regression");
  const files = existsSync(suiteDir)
    ? readdirSync(suiteDir)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
    : [];
  const cases: RegressCase[] = [];
  for (const f of files) {
    const name = f.replace(/\.(ya?ml|json)$/, "");
    options.onCase?.(name);
    const outDir = join(options.root, "results", "regress", name);
    const baselineDir = join(options.root, "results", "baselines", name);
    await runExperimentFile(join(suiteDir, f), {
      outDir,
      force: true,
      plots: true,
      wallClockMs: options.wallClockMs,
    });
    const differences = compareFolders(baselineDir, outDir);
    let updated = false;
    if (options.update && differences.length > 0) {
      writeBaseline(outDir, baselineDir);
      updated = true;
    }
    cases.push({ name, differences, updated });
  }
  return cases;
}
