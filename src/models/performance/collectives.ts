/**
 * Ring-collective times (the standard alpha-beta model; MODELS.md). `busGBps` is the
 * per-accelerator link bandwidth per direction times the collective efficiency.
 */

/** Ring all-reduce of `bytes` over `ranks`: 2(n-1)/n x bytes / bw + 2(n-1) x latency, s. */
export function allReduceS(
  bytes: number,
  ranks: number,
  busGBps: number,
  latencyS: number,
): number {
  if (ranks <= 1) return 0;
  return ((2 * (ranks - 1)) / ranks) * (bytes / (busGBps * 1e9)) + 2 * (ranks - 1) * latencyS;
}

/**
 * Ring all-gather (or reduce-scatter) where `bytes` is the full (gathered) size:
 * (n-1)/n x bytes / bw + (n-1) x latency, s.
 */
export function allGatherS(
  bytes: number,
  ranks: number,
  busGBps: number,
  latencyS: number,
): number {
  if (ranks <= 1) return 0;
  return ((ranks - 1) / ranks) * (bytes / (busGBps * 1e9)) + (ranks - 1) * latencyS;
}

/** Point-to-point transfer of `bytes`, s. */
export function sendS(bytes: number, busGBps: number, latencyS: number): number {
  return bytes / (busGBps * 1e9) + latencyS;
}
