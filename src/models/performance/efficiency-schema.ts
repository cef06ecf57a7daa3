/**
 * Schemas of `models/efficiency/accelerators.yaml` and `models/efficiency/stacks.yaml` (see the
 * README there). Figures are plain numbers or estimates `{ value, low, high, basis }`, each with
 * a source, as in the accelerator catalog.
 */
import * as z from "zod";
import {
  checkSources,
  figure,
  ReferencesSchema,
  sourcedPaths,
  SourcesSchema,
} from "../data-file.js";

const fraction = () => figure(z.number().gt(0).lte(1));
const seconds = () => figure(z.number().nonnegative());
const id = () => z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);

export const AcceleratorEfficiencySchema = z.strictObject({
  matmulBf16: fraction(),
  matmulFp8: fraction(),
  hbm: fraction(),
});

export const AcceleratorEfficiencyFileSchema = z
  .strictObject({
    accelerators: z.record(id(), AcceleratorEfficiencySchema),
    sources: SourcesSchema,
    references: ReferencesSchema,
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
  trainingCompute: fraction(),
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
    sources: SourcesSchema,
    references: ReferencesSchema,
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
