/**
 * Sourced parameter files (`models/facility/*.yaml`): the same conventions as the accelerator
 * catalog (see models/accelerators/README.md). Every figure is a number or an {@link Estimate}
 * `{ value, low, high, basis }`; every figure has a `sources` entry (an estimate's starts with
 * "Estimate"); every `[KEY]` cited is listed under `references` and every reference is cited.
 *
 * {@link loadFigureFile} validates a file against a zod shape, replaces each estimate by its
 * value and keeps the estimates by field path.
 */
import { fileURLToPath } from "node:url";
import * as z from "zod";
import { figurePaths } from "../catalog-schema.js";
import {
  checkSources,
  DataFileError,
  loadYamlFile,
  ReferencesSchema,
  resolveEstimates,
  SourcesSchema,
  type DataFileProblem,
  type Estimate,
  type Resolved,
} from "../data-file.js";

/**
 * A strict object schema for a figure file: `shape` plus `sources` (field path -> citation) and
 * `references` (citation key -> title and date), with the cross-checks described above.
 */
export function figureFileSchema<S extends z.ZodRawShape>(shape: S) {
  return z
    .strictObject({
      ...shape,
      sources: SourcesSchema,
      references: ReferencesSchema,
    })
    .superRefine((file, ctx) => {
      const data = file as Record<string, unknown>;
      checkSources(
        figurePaths(data),
        data.sources as Record<string, string>,
        data.references as Record<string, string>,
        ctx,
      );
    });
}

/** A loaded figure file: every estimate replaced by its value, the estimates kept by path. */
export type FigureFile<T> = Resolved<Omit<T, "sources" | "references">> & {
  readonly sources: Readonly<Record<string, string>>;
  readonly references: Readonly<Record<string, string>>;
  /** Field path (e.g. "air.rCPerW") -> the estimate behind that field's number. */
  readonly estimates: Readonly<Record<string, Estimate>>;
};

/** One problem in a figure file, positioned for `FILE:LINE:COL path: message` output. */
export type FigureFileProblem = DataFileProblem;

/** Thrown by {@link loadFigureFile}; `message` has one `FILE:LINE:COL path: message` line per problem. */
export class FigureFileError extends DataFileError {
  constructor(problems: readonly FigureFileProblem[]) {
    super(problems);
    this.name = "FigureFileError";
  }
}

/** `<package root>/models/facility/` (this module sits three levels below the package root). */
export function defaultFacilityDir(): string {
  return fileURLToPath(new URL("../../../models/facility/", import.meta.url));
}

/**
 * Reads, validates and resolves one figure file.
 * @throws FigureFileError listing every problem (YAML syntax, schema, sources, references).
 * @throws Error if the file cannot be read.
 */
export function loadFigureFile<T extends Record<string, unknown>>(
  file: string,
  schema: z.ZodType<T>,
): FigureFile<T> {
  const result = loadYamlFile(file, schema, { issues: "zod" });
  if ("problems" in result) throw new FigureFileError(result.problems);
  return resolveFigures(result.value) as FigureFile<T>;
}

/** Replaces estimates by their value, keeping each under `estimates[path]`. */
export function resolveFigures(file: Record<string, unknown>): Record<string, unknown> {
  return resolveEstimates(file);
}
