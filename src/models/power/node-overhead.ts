/**
 * Node overhead: the power a node draws besides its accelerators (CPUs, memory, NICs, NVSwitch or
 * NeuronLink chips, fans, power-conversion loss). Linear between idle and full load:
 * overhead per accelerator = maxW · (idleFraction + (1 - idleFraction) · busyFraction).
 * Being linear in the busy share, splitting a pool into parts and summing gives the same total.
 * Clocks do not scale it (fans and hosts do not follow GPU clocks closely enough to model).
 */
import type { Accelerator } from "../catalog-schema.js";
import { paramError } from "../../random/param-errors.js";
import { nodeOverheadFor, type NodeOverhead, type PowerParams } from "./power-params.js";

/**
 * Overhead per accelerator, W, for a node whose accelerators are busy `busyFraction` of the time
 * (or of which that share is busy).
 * @throws RangeError unless 0 <= busyFraction <= 1.
 */
export function overheadPerAcceleratorW(overhead: NodeOverhead, busyFraction: number): number {
  if (!(busyFraction >= 0 && busyFraction <= 1)) {
    paramError("overheadPerAcceleratorW", "busyFraction", "in [0, 1]", busyFraction);
  }
  const idle = overhead.idleFraction;
  return overhead.maxWPerAccelerator * (idle + (1 - idle) * busyFraction);
}

/**
 * Overhead of one whole node of `acc`, W (per-accelerator overhead x accelerators per node).
 * @throws Error if power.yaml has no overhead for `acc.id`; RangeError for a bad busyFraction.
 */
export function nodeOverheadW(
  acc: Pick<Accelerator, "id" | "acceleratorsPerNode">,
  busyFraction: number,
  params: Pick<PowerParams, "nodeOverhead">,
): number {
  return (
    overheadPerAcceleratorW(nodeOverheadFor(params, acc.id), busyFraction) * acc.acceleratorsPerNode
  );
}
