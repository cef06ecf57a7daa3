/**
 * User-input problems: collected, never thrown one at a time, and printed as
 * `FILE:LINE:COL path.to.field: message`.
 */

export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Dotted path of the field (`pools.0.count`), or "" for the whole file. */
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col} ${p.path === "" ? "(file)" : p.path}: ${p.message}`;
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
  return new InputError([{ file, line: 1, col: 1, path, message }]);
}

/** A run that could not finish (exit 1): an event limit hit, or an invariant broke. */
export class RunFailedError extends Error {
  override name = "RunFailedError";
}

/** Edit distance (Levenshtein), for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[n];
}

/** The closest candidate within a small edit distance, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(2, Math.floor(word.length / 3));
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD && d <= limit) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** " (did you mean 'x'?)" or "". */
export function suggestion(word: string, candidates: Iterable<string>): string {
  const s = didYouMean(word, candidates);
  return s === undefined ? "" : `; did you mean '${s}'?`;
}
