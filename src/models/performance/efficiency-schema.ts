/**
 * Schemas of `models/efficiency/accelerators.yaml` and `models/efficiency/stacks.yaml` (see the
 * README there). Figures are plain numbers or estimates `{ value, low, high, basis }`, each with
 * a source, as in the accelerator catalog.
 */
import * as z from "zod";
import { checkSources, sourcedPaths } from "./sources-check.js";

function figure(num: z.ZodNumber) {
  const estimate = z
    .strictObject({ value: num, low: num, high: num, basis: z.string().trim().min(1) })
    .refine((e) => e.low <= e.value && e.value <= e.high, {
      message: "an estimate needs low <= value <= high",
    });
  return z.union([num, estimate]);
}
const fraction = () => figure(z.number().gt(0).lte(1));
const seconds = () => figure(z.number().nonnegative());
const id = () => z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const sources = () => z.record(z.string(), z.string().trim().min(1));
const references = () => z.record(z.string().regex(/^[A-Z]+\d+$/), z.string().trim().min(1));

export const AcceleratorEfficiencySchema = z.strictObject({
  matmulBf16: fraction(),
  matmulFp8: fraction(),
  hbm: fraction(),
});

export const AcceleratorEfficiencyFileSchema = z
  .strictObject({
    accelerators: z.record(id(), AcceleratorEfficiencySchema),
    sources: sources(),
    references: references(),
  })
  .superRefine((f, ctx) => {
    checkSources(sourcedPaths(f.accelerators, new Set()), f.sources, f.references, ctx);
  });
export type AcceleratorEfficiencyFile = z.infer<typeof AcceleratorEfficiencyFileSchema>;

export const StackSchema = z.strictObject({
  description: z.string().trim().min(1),
  /** Accelerator vendors (catalog `vendor`) for which this stack is the default. */
  vendors: z.array(z.string().trim().min(1)),
  attention: fraction(),
  scaleUpCollective: fraction(),
  scaleOutCollective: fraction(),
  scaleUpLatencyS: seconds(),
  scaleOutLatencyS: seconds(),
  prefillOverheadS: seconds(),
  decodeOverheadS: seconds(),
  gradBytesPerParam: figure(z.number().positive()),
  optimizerBytesPerParam: figure(z.number().nonnegative()),
  memoryReserveFraction: figure(z.number().gte(0).lt(1)),
  maxAutoTensorParallel: figure(z.number().int().positive()),
});

export const StackFileSchema = z
  .strictObject({
    stacks: z.record(id(), StackSchema),
    sources: sources(),
    references: references(),
  })
  .superRefine((f, ctx) => {
    checkSources(
      sourcedPaths(f.stacks, new Set(["description", "vendors"])),
      f.sources,
      f.references,
      ctx,
    );
  });
export type StackFile = z.infer<typeof StackFileSchema>;
