/**
 * Loading an experiment: read, parse with positions, apply `--set` overrides, validate against
 * the schema, then check cross-references. Every problem is collected before reporting.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { isSeq } from "yaml";
import { Experiment, ShockFile, type ExperimentSpec } from "./schema.js";
import { InputError, type Problem, simpleInputError } from "./problems.js";
import { readableIssues } from "./zod-issues.js";
import {
  MAX_EXPERIMENT_BYTES,
  locate,
  parseSetValue,
  parseSource,
  setIn,
  splitPath,
  toData,
  type SourceDoc,
} from "./yaml-doc.js";
import { checkSemantics } from "./semantics.js";

export interface LoadOptions {
  /** `path=value` overrides, applied in order before validation. */
  sets?: readonly string[];
  /** Accelerator ids known to the catalog. */
  acceleratorIds: readonly string[];
}

export interface LoadedExperiment {
  /** Absolute path of the experiment file. */
  file: string;
  /** File name as given (used in messages). */
  displayFile: string;
  source: SourceDoc;
  spec: ExperimentSpec;
  /** The `--set path=value` overrides applied (already in `spec`). */
  sets: readonly string[];
}

/** Reads a file's text, or throws an InputError (missing, a folder, too large). */
export function readExperimentText(file: string): string {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw simpleInputError(file, "not a file");
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw simpleInputError(file, "file not found or not readable");
  }
  if (size > MAX_EXPERIMENT_BYTES) {
    throw simpleInputError(
      file,
      `file is ${size} bytes; experiment files are limited to ${MAX_EXPERIMENT_BYTES} bytes (put large data in trace files)`,
    );
  }
  return readFileSync(file, "utf8");
}

/**
 * Loads and validates an experiment file.
 * @throws InputError listing every problem found.
 */
export function loadExperiment(file: string, options: LoadOptions): LoadedExperiment {
  const text = readExperimentText(file);
  return loadExperimentText(file, text, options);
}

/** As {@link loadExperiment}, from text already read. */
export function loadExperimentText(
  file: string,
  text: string,
  options: LoadOptions,
): LoadedExperiment {
  const { source, problems } = parseSource(file, text);
  if (problems.length > 0) throw new InputError(problems);
  const origins: Origin[] = [];
  for (const set of options.sets ?? []) {
    if (set.startsWith(SHOCKS_SET_PREFIX)) {
      origins.push(...overlayShocks(source, set.slice(SHOCKS_SET_PREFIX.length)));
      continue;
    }
    const eq = set.indexOf("=");
    if (eq <= 0) {
      throw simpleInputError(file, `--set expects path=value, got ${JSON.stringify(set)}`);
    }
    const path = set.slice(0, eq).trim();
    const segments = splitPath(path);
    const outOfRange = indexOutOfRange(source, segments);
    if (outOfRange !== undefined) throw simpleInputError(file, `--set ${set}: ${outOfRange}`, path);
    try {
      setIn(source, segments, parseSetValue(set.slice(eq + 1)));
    } catch (e) {
      throw simpleInputError(file, `--set ${set}: ${(e as Error).message}`, path);
    }
    origins.push({ path, label: `from --set ${set}`, line: 0, col: 0 });
  }
  const spec = validateSource(source, options, origins);
  return { file: resolve(file), displayFile: file, source, spec, sets: options.sets ?? [] };
}

/**
 * A `sets` entry that overlays a shock file (the CLI's `--shocks FILE`): its shocks are appended
 * to the experiment's `shocks:` list, in order, before validation. Kept among the sets so that
 * workers, shards and resumed sweeps see the same experiment.
 */
export const SHOCKS_SET_PREFIX = "+shocks=";

/** The `sets` entry for `--shocks FILE`. */
export function shocksSet(file: string): string {
  return `${SHOCKS_SET_PREFIX}${file}`;
}

/** Whether a YAML file is a shock file (only $schema, description and shocks at the top). */
export function isShockFile(file: string): boolean {
  const { source, problems } = parseSource(file, readExperimentText(file));
  if (problems.length > 0) return false;
  const data = source.doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (data === null || typeof data !== "object" || Array.isArray(data)) return false;
  const keys = Object.keys(data);
  return (
    keys.includes("shocks") && keys.every((k) => ["$schema", "description", "shocks"].includes(k))
  );
}

/**
 * Reads and validates a shock file and appends its shocks to the experiment's document.
 * @returns where each appended shock came from, for messages about it
 * @throws InputError naming the shock file's own lines
 */
function overlayShocks(source: SourceDoc, file: string): Origin[] {
  const { source: shockSource, problems } = parseSource(file, readExperimentText(file));
  if (problems.length > 0) throw new InputError(problems);
  let data: unknown;
  try {
    data = toData(shockSource);
  } catch (e) {
    throw simpleInputError(file, (e as Error).message);
  }
  const parsed = ShockFile.safeParse(data);
  if (!parsed.success) {
    throw new InputError(
      sortProblems(
        readableIssues(ShockFile, parsed.error.issues, data).map((issue) => ({
          file,
          ...locate(shockSource, issue.path, issue.key),
          path: issue.path.map(String).join("."),
          // The reminder of what a shock file holds fits only a mistake at its top level.
          message:
            issue.path.length <= 1
              ? `${issue.message} (a shock file holds only $schema, description and shocks)`
              : issue.message,
        })),
      ),
    );
  }
  const list = source.doc.getIn(["shocks"], true);
  if (list !== undefined && list !== null && !isSeq(list)) {
    throw simpleInputError(
      source.file,
      `shocks must be a list to add the shocks of ${file}`,
      "shocks",
    );
  }
  let index = isSeq(list) ? list.items.length : 0;
  const raw = (data as { shocks: unknown[] }).shocks;
  const origins: Origin[] = [];
  raw.forEach((shock, i) => {
    if (index === 0 && !isSeq(list)) setIn(source, ["shocks"], []);
    setIn(source, ["shocks", index], shock);
    const pos = locate(shockSource, ["shocks", i]);
    origins.push({
      path: `shocks.${index}`,
      pathInFile: `shocks.${i}`,
      label: `from --shocks ${file}`,
      file,
      ...pos,
    });
    index++;
  });
  return origins;
}

/** Where an overridden value came from, so its problems say so (and point there). */
export interface Origin {
  /** The file it came from, when not the experiment file (a shock file). */
  file?: string;
  /** `path` as that file names it (a shock's index in the shock file). */
  pathInFile?: string;
  /** Dotted path that was overridden. */
  path: string;
  /** Appended to messages, e.g. "from --set pools.0.count=-1". */
  label: string;
  /** Position to report instead of the file's (0: keep no position). */
  line: number;
  col: number;
}

/** Applies origins to problems about overridden fields (the field, or anything inside it). */
function attribute(problems: Problem[], origins: readonly Origin[]): Problem[] {
  return problems.map((p) => {
    const o = origins.find(
      (o) =>
        p.path === o.path || p.path.startsWith(`${o.path}.`) || o.path.startsWith(`${p.path}.`),
    );
    return o
      ? {
          ...p,
          path:
            o.pathInFile !== undefined && p.path.startsWith(o.path)
              ? o.pathInFile + p.path.slice(o.path.length)
              : p.path,
          file: o.file ?? p.file,
          line: o.line,
          col: o.col,
          message: `${p.message} (${o.label})`,
        }
      : p;
  });
}

/** Explains a path that indexes past the end of a list, or undefined. */
function indexOutOfRange(source: SourceDoc, segments: (string | number)[]): string | undefined {
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (typeof seg !== "number") continue;
    const list = source.doc.getIn(segments.slice(0, i), true);
    const n = isSeq(list) ? list.items.length : 0;
    if (seg > n) {
      return `index ${seg} is out of range: ${segments.slice(0, i).join(".") || "(file)"} has ${n} entr${n === 1 ? "y" : "ies"} (indexes from 0)`;
    }
  }
  return undefined;
}

/** Validates a (possibly modified) document; throws InputError with every problem. */
export function validateSource(
  source: SourceDoc,
  options: LoadOptions,
  origins: readonly Origin[] = [],
): ExperimentSpec {
  let data: unknown;
  try {
    data = toData(source);
  } catch (e) {
    throw simpleInputError(source.file, (e as Error).message);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw simpleInputError(
      source.file,
      "an experiment file must be a mapping of fields (name, seed, ...)",
    );
  }
  const parsed = Experiment.safeParse(data);
  const problems: Problem[] = [];
  if (!parsed.success) {
    for (const issue of readableIssues(Experiment, parsed.error.issues, data)) {
      const pos = locate(source, issue.path, issue.key);
      problems.push({
        file: source.file,
        ...pos,
        path: issue.path.map(String).join("."),
        message: issue.message,
      });
    }
    throw new InputError(sortProblems(attribute(problems, origins)));
  }
  const spec = parsed.data;
  for (const p of checkSemantics(spec, {
    acceleratorIds: options.acceleratorIds,
    baseDir: dirname(resolve(source.file)),
  })) {
    problems.push({
      file: source.file,
      ...locate(source, p.path),
      path: p.path.join("."),
      message: p.message,
    });
  }
  if (problems.length > 0) throw new InputError(sortProblems(attribute(problems, origins)));
  return spec;
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}
