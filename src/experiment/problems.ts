/**
 * User-input problems: collected, never thrown one at a time, and printed as
 * `FILE:LINE:COL path.to.field: message`.
 */
import { suggest } from "../models/suggest.js";

export interface Problem {
  file: string;
  /** 1-based; 0 when the problem has no position (a missing file, a bad flag). */
  line: number;
  col: number;
  /** Dotted path of the field (`pools.0.count`), or "" for the whole file. */
  path: string;
  message: string;
}

/** Control characters (a newline inside a quoted key, say) as escapes: one problem, one line. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export function formatProblem(p: Problem): string {
  const where = p.line > 0 ? `${p.file}:${p.line}:${p.col}` : `${p.file}:`;
  const message = oneLine(p.message);
  return p.path === "" ? `${where} ${message}` : `${where} ${oneLine(p.path)}: ${message}`;
}

/** Raised for bad input; the CLI prints every problem and exits 2. */
export class InputError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "InputError";
    this.problems = problems;
  }
}

/** A bad-input error that is not tied to a position in a file (a flag, a missing file). */
export function simpleInputError(file: string, message: string, path = ""): InputError {
  return new InputError([{ file, line: 0, col: 0, path, message }]);
}

/** A run that could not finish (exit 1): an event limit hit, or an invariant broke. */
export class RunFailedError extends Error {
  override name = "RunFailedError";
}

/** The closest candidate within a plausible-typo distance, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  return suggest(word, [...candidates]);
}

/** " (did you mean 'x'?)" or "". */
export function suggestion(word: string, candidates: Iterable<string>): string {
  const list = [...candidates];
  // A shortened id ("nvidia-h100") names its variants ("nvidia-h100-pcie", "nvidia-h100-sxm").
  const lower = word.toLowerCase();
  const variants = list.filter((c) => c.toLowerCase().startsWith(`${lower}-`));
  if (variants.length > 0 && variants.length <= 4)
    return `; did you mean ${variants.map((v) => `'${v}'`).join(" or ")}?`;
  const s = didYouMean(word, list);
  return s === undefined ? "" : `; did you mean '${s}'?`;
}
