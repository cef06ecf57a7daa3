/**
 * Schema of one accelerator file in `models/accelerators/*.yaml` (see the README there).
 *
 * A file gives every figure either as a plain number or, where no source publishes it, as an
 * {@link Estimate} `{ value, low, high, basis }`. Every figure has an entry in `sources` (field
 * path -> short citation); an estimate's citation starts with "Estimate". Citation keys such as
 * `[S1]` must be listed in `references`.
 *
 * {@link AcceleratorSchema} validates a file and resolves it: each estimate is replaced by its
 * `value`, and the full estimate is kept under `estimates[fieldPath]`.
 */
import * as z from "zod";
import {
  checkSources,
  figure,
  ReferencesSchema,
  resolveEstimates,
  sourcedPaths,
  SourcesSchema,
  type Estimate,
  type Resolved,
} from "./data-file.js";

const positive = () => z.number().positive();
const positiveInt = () => z.number().int().positive();
const celsius = () => z.number().gt(0).lt(200);

/** "YYYY", "YYYY-MM" or "YYYY-MM-DD": the precision the sources give. Quote it in YAML. */
const releaseDate = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, {
  message: 'expected a quoted date "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
});

export const CoolingSchema = z.enum(["air", "liquid"]);
export type Cooling = z.infer<typeof CoolingSchema>;

/**
 * Export-control class for supply shocks: `us-restricted` = needs a US licence for China/HK/Macau
 * and D:5 countries (facts.md section 7); `unrestricted`; `null` = not established by the sources.
 */
export const ExportClassSchema = z.enum(["us-restricted", "unrestricted"]);
export type ExportClass = z.infer<typeof ExportClassSchema>;

/** Unknown supply facts are `null`, never a made-up value. */
const supplyText = () => z.string().trim().min(1).nullable();

export const AcceleratorFileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
      message: "expected a lowercase kebab-case id, e.g. nvidia-h100-sxm",
    }),
    name: z.string().trim().min(1),
    vendor: z.string().trim().min(1),
    releaseDate,
    bf16DenseTFlops: figure(positive()),
    fp8DenseTFlops: figure(positive()).nullable(),
    hbmGB: figure(positive()),
    hbmTBps: figure(positive()),
    maxPowerW: figure(positive()),
    idlePowerW: figure(positive()),
    acceleratorsPerNode: figure(positiveInt()),
    scaleUpDomain: figure(positiveInt()),
    scaleUpGBps: figure(positive()),
    scaleOutGbps: figure(positive()),
    cooling: CoolingSchema,
    thermal: z.strictObject({
      slowdownC: figure(celsius()),
      shutdownC: figure(celsius()),
    }),
    supply: z.strictObject({
      foundry: supplyText(),
      process: supplyText(),
      packaging: supplyText(),
      hbmGeneration: supplyText(),
      exportClass: ExportClassSchema.nullable(),
    }),
    /** Field path (e.g. "thermal.slowdownC") -> short citation, e.g. "facts §1 [S1][K1]". */
    sources: SourcesSchema,
    /** Citation key (e.g. "S1") -> title / URL and date as given in facts.md. */
    references: ReferencesSchema,
  })
  .superRefine((file, ctx) => {
    checkSources(figurePaths(file), file.sources, file.references, ctx, { listFields: true });
  });
export type AcceleratorFile = z.infer<typeof AcceleratorFileSchema>;

/** Fields that carry no figure and so need no source. */
const UNSOURCED_FIELDS = new Set(["id", "name", "vendor", "sources", "references"]);

/**
 * Every field path that needs a source ("bf16DenseTFlops", "thermal.slowdownC", ...), mapped to
 * whether the file gives it as an estimate. Nested objects other than estimates are walked.
 */
export function figurePaths(file: Record<string, unknown>): Map<string, boolean> {
  return sourcedPaths(file, UNSOURCED_FIELDS, "", "top");
}

export type ResolvedAccelerator = Resolved<Omit<AcceleratorFile, "sources" | "references">> & {
  readonly sources: Readonly<Record<string, string>>;
  readonly references: Readonly<Record<string, string>>;
  /** Field path -> the estimate behind that field's number; absent for published figures. */
  readonly estimates: Readonly<Record<string, Estimate>>;
};

/** Replace estimates by their `value`, keeping each under `estimates[path]`. */
export function resolveAccelerator(file: AcceleratorFile): ResolvedAccelerator {
  return resolveEstimates(file) as unknown as ResolvedAccelerator;
}

/** Validates one accelerator file and resolves its estimates (see {@link resolveAccelerator}). */
export const AcceleratorSchema = AcceleratorFileSchema.transform(resolveAccelerator);
/** An accelerator as the rest of the simulator sees it: every figure a plain number (or null). */
export type Accelerator = z.infer<typeof AcceleratorSchema>;
