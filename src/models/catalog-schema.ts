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

/** A figure that no source publishes: the value used, a plausible range and why. */
export const EstimateSchema = z
  .strictObject({
    value: z.number(),
    low: z.number(),
    high: z.number(),
    basis: z.string().trim().min(1),
  })
  .refine((e) => e.low <= e.value && e.value <= e.high, {
    message: "an estimate needs low <= value <= high",
  });
export type Estimate = z.infer<typeof EstimateSchema>;

/** A number, or an estimate whose value, low and high each satisfy the same number schema. */
function figure(num: z.ZodNumber) {
  const estimate = z
    .strictObject({ value: num, low: num, high: num, basis: z.string().trim().min(1) })
    .refine((e) => e.low <= e.value && e.value <= e.high, {
      message: "an estimate needs low <= value <= high",
    });
  return z.union([num, estimate]);
}

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
    sources: z.record(z.string(), z.string().trim().min(1)),
    /** Citation key (e.g. "S1") -> title / URL and date as given in facts.md. */
    references: z.record(z.string().regex(/^[A-Z]+\d+$/), z.string().trim().min(1)),
  })
  .superRefine((file, ctx) => {
    const paths = figurePaths(file);
    for (const [path, isEstimate] of paths) {
      const source = file.sources[path];
      if (source === undefined) {
        ctx.addIssue({ code: "custom", path: ["sources", path], message: "missing source" });
      } else if (isEstimate && !/^Estimate\b/.test(source)) {
        ctx.addIssue({
          code: "custom",
          path: ["sources", path],
          message: 'the field is an estimate, so its source must start with "Estimate"',
        });
      } else if (!isEstimate && /^Estimate\b/.test(source)) {
        ctx.addIssue({
          code: "custom",
          path: ["sources", path],
          message:
            'source says "Estimate" but the field is a plain value, not { value, low, high, basis }',
        });
      }
    }
    const used = new Set<string>();
    for (const [path, source] of Object.entries(file.sources)) {
      if (!paths.has(path)) {
        const near = [...paths.keys()].find((p) => p.toLowerCase() === path.toLowerCase());
        ctx.addIssue({
          code: "custom",
          path: ["sources", path],
          message:
            near !== undefined
              ? `not a field of the file (did you mean "${near}"?)`
              : `not a field of the file; fields needing sources: ${[...paths.keys()].join(", ")}`,
        });
      }
      for (const m of source.matchAll(/\[([A-Z]+\d+)\]/g)) {
        const key = m[1]!;
        used.add(key);
        if (!(key in file.references)) {
          ctx.addIssue({
            code: "custom",
            path: ["sources", path],
            message: `cites [${key}], which is not listed in references`,
          });
        }
      }
    }
    for (const key of Object.keys(file.references)) {
      if (!used.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["references", key],
          message: "reference is not cited by any source",
        });
      }
    }
  });
export type AcceleratorFile = z.infer<typeof AcceleratorFileSchema>;

/** Fields that carry no figure and so need no source. */
const UNSOURCED_FIELDS = new Set(["id", "name", "vendor", "sources", "references"]);

export function isEstimate(x: unknown): x is Estimate {
  return (
    typeof x === "object" &&
    x !== null &&
    !Array.isArray(x) &&
    typeof (x as Record<string, unknown>).value === "number" &&
    "low" in x &&
    "high" in x &&
    "basis" in x
  );
}

/**
 * Every field path that needs a source ("bf16DenseTFlops", "thermal.slowdownC", ...), mapped to
 * whether the file gives it as an estimate. Nested objects other than estimates are walked.
 */
export function figurePaths(file: Record<string, unknown>): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const walk = (obj: Record<string, unknown>, prefix: string): void => {
    for (const [key, val] of Object.entries(obj)) {
      if (prefix === "" && UNSOURCED_FIELDS.has(key)) continue;
      const path = prefix + key;
      if (isEstimate(val)) out.set(path, true);
      else if (typeof val === "object" && val !== null && !Array.isArray(val)) {
        walk(val as Record<string, unknown>, path + ".");
      } else out.set(path, false);
    }
  };
  walk(file, "");
  return out;
}

/** `T` with every estimate replaced by its number. */
export type Resolved<T> = T extends Estimate
  ? number
  : T extends object
    ? { readonly [K in keyof T]: Resolved<T[K]> }
    : T;

export type ResolvedAccelerator = Resolved<Omit<AcceleratorFile, "sources" | "references">> & {
  readonly sources: Readonly<Record<string, string>>;
  readonly references: Readonly<Record<string, string>>;
  /** Field path -> the estimate behind that field's number; absent for published figures. */
  readonly estimates: Readonly<Record<string, Estimate>>;
};

/** Replace estimates by their `value`, keeping each under `estimates[path]`. */
export function resolveAccelerator(file: AcceleratorFile): ResolvedAccelerator {
  const estimates: Record<string, Estimate> = {};
  const resolve = (obj: Record<string, unknown>, prefix: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, val] of Object.entries(obj)) {
      const path = prefix + key;
      if (prefix === "" && (key === "sources" || key === "references")) out[key] = val;
      else if (isEstimate(val)) {
        estimates[path] = { value: val.value, low: val.low, high: val.high, basis: val.basis };
        out[key] = val.value;
      } else if (typeof val === "object" && val !== null && !Array.isArray(val)) {
        out[key] = resolve(val as Record<string, unknown>, path + ".");
      } else out[key] = val;
    }
    return out;
  };
  const resolved = resolve(file, "");
  return { ...resolved, estimates } as unknown as ResolvedAccelerator;
}

/** Validates one accelerator file and resolves its estimates (see {@link resolveAccelerator}). */
export const AcceleratorSchema = AcceleratorFileSchema.transform(resolveAccelerator);
/** An accelerator as the rest of the simulator sees it: every figure a plain number (or null). */
export type Accelerator = z.infer<typeof AcceleratorSchema>;
