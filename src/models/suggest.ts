/** "Did you mean" for ids, keys and names (no dependencies, so the CLI can load it early). */

/** Levenshtein distance (insert, delete, substitute; each costs 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The known id closest to `id` by case-insensitive edit distance (to the full id or to the id
 * without its vendor prefix), if close enough to be a plausible typo (at most 2 edits or 40% of
 * the longer string's length); ties go to the first in `known` order.
 */
export function suggest(id: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const wanted = id.toLowerCase();
  for (const k of known) {
    const lower = k.toLowerCase();
    // Also compare without the vendor prefix, so "h100-sxm" finds "nvidia-h100-sxm".
    const bare = lower.slice(lower.indexOf("-") + 1);
    const d = Math.min(editDistance(wanted, lower), editDistance(wanted, bare));
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  return bestD <= Math.max(2, Math.ceil(0.4 * Math.max(id.length, best.length))) ? best : undefined;
}
