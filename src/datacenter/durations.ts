/**
 * Longest run or service time the world schedules, s (about 32 million years): a heavy-tailed draw
 * that overflows to Infinity still ends (after any horizon) instead of breaking the engine.
 */
export const MAX_DURATION_S = 1e15;

/** A drawn duration made safe to schedule: negative to 0, overflow to MAX_DURATION_S. */
export function clampDurationS(s: number): number {
  return Math.min(MAX_DURATION_S, Math.max(0, Number.isNaN(s) ? 0 : s));
}
