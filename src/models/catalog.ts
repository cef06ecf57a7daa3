/**
 * The accelerator catalog: loads and validates `models/accelerators/*.yaml`.
 * Pure apart from reading the folder it is given.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AcceleratorSchema, type Accelerator, type Cooling } from "./catalog-schema.js";
import { DataFileError, indexById, loadYamlFolder, type DataFileProblem } from "./data-file.js";

export interface Catalog {
  /** Accelerators by id, in id order. */
  readonly accelerators: ReadonlyMap<string, Accelerator>;
  /** The accelerator with this id; throws naming the known ids and the closest match. */
  get(id: string): Accelerator;
  /** Known ids, sorted. */
  ids(): string[];
}

/** One problem in one catalog file, positioned for `FILE:LINE:COL path: message` output. */
export type CatalogProblem = DataFileProblem;

/** Thrown by {@link loadAcceleratorCatalog}; `message` has one line per problem. */
export class CatalogError extends DataFileError {
  constructor(problems: readonly CatalogProblem[]) {
    super(problems);
    this.name = "CatalogError";
  }
}

/**
 * `<package root>/models/`. This module sits two levels below the package root both as
 * `src/models/catalog.ts` (tsx, vitest) and as `dist/models/catalog.js` (compiled).
 */
export function defaultModelsDir(): string {
  return fileURLToPath(new URL("../../models/", import.meta.url));
}

/** `<package root>/models/accelerators/`. */
export function defaultAcceleratorsDir(): string {
  return join(defaultModelsDir(), "accelerators");
}

/** Reads and validates every `*.yaml` in `dir`; throws a {@link CatalogError} listing every problem. */
export function loadAcceleratorCatalog(dir: string = defaultAcceleratorsDir()): Catalog {
  const { values, problems } = loadYamlFolder(dir, "accelerator catalog", AcceleratorSchema, {
    issues: "fields",
  });
  if (problems.length > 0) throw new CatalogError(problems);
  return makeCatalog(values);
}

/** Builds a catalog from accelerators already validated (e.g. tests, or merged folders). */
export function makeCatalog(accelerators: Iterable<Accelerator>): Catalog;
export function makeCatalog(accelerators: ReadonlyMap<string, Accelerator>): Catalog;
export function makeCatalog(
  input: Iterable<Accelerator> | ReadonlyMap<string, Accelerator>,
): Catalog {
  const list = input instanceof Map ? [...input.values()] : [...(input as Iterable<Accelerator>)];
  const index = indexById(list, "accelerator");
  return { accelerators: index.byId, ids: index.ids, get: index.get };
}

/** One row of `aidcsim catalog`: key figures; `estimated` lists the fields that are estimates. */
export interface CatalogRow {
  id: string;
  name: string;
  vendor: string;
  bf16DenseTFlops: number;
  fp8DenseTFlops: number | null;
  hbmGB: number;
  hbmTBps: number;
  maxPowerW: number;
  scaleUpDomain: number;
  cooling: Cooling;
  releaseDate: string;
  /** Field paths (any field, not only the columns above) whose figure is an estimate, sorted. */
  estimated: string[];
}

export function catalogRows(catalog: Catalog): CatalogRow[] {
  return catalog.ids().map((id) => {
    const a = catalog.get(id);
    return {
      id: a.id,
      name: a.name,
      vendor: a.vendor,
      bf16DenseTFlops: a.bf16DenseTFlops,
      fp8DenseTFlops: a.fp8DenseTFlops,
      hbmGB: a.hbmGB,
      hbmTBps: a.hbmTBps,
      maxPowerW: a.maxPowerW,
      scaleUpDomain: a.scaleUpDomain,
      cooling: a.cooling,
      releaseDate: a.releaseDate,
      estimated: Object.keys(a.estimates).sort(),
    };
  });
}
