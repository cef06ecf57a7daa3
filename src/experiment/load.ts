/**
 * Loading an experiment: read, parse with positions, apply `--set` overrides, validate against
 * the schema, then check cross-references. Every problem is collected before reporting.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Experiment, type ExperimentSpec } from "./schema.js";
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
  for (const set of options.sets ?? []) {
    const eq = set.indexOf("=");
    if (eq <= 0) {
      throw simpleInputError(file, `--set expects path=value, got ${JSON.stringify(set)}`);
    }
    const path = set.slice(0, eq).trim();
    try {
      setIn(source, splitPath(path), parseSetValue(set.slice(eq + 1)));
    } catch (e) {
      throw simpleInputError(file, `--set ${set}: ${(e as Error).message}`, path);
    }
  }
  const spec = validateSource(source, options);
  return { file: resolve(file), displayFile: file, source, spec };
}

/** Validates a (possibly modified) document; throws InputError with every problem. */
export function validateSource(source: SourceDoc, options: LoadOptions): ExperimentSpec {
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
    throw new InputError(sortProblems(problems));
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
  if (problems.length > 0) throw new InputError(sortProblems(problems));
  return spec;
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}
