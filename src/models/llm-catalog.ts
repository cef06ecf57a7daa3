/**
 * The LLM catalog: loads and validates `models/llms/*.yaml`. Pure apart from reading the folder.
 */
import { join } from "node:path";
import { CatalogError, defaultModelsDir } from "./catalog.js";
import { indexById, loadYamlFolder } from "./data-file.js";
import { LlmFileSchema, type Llm } from "./llm-schema.js";

export interface LlmCatalog {
  /** Models by id, in id order. */
  readonly llms: ReadonlyMap<string, Llm>;
  /** The model with this id; throws naming the known ids and the closest match. */
  get(id: string): Llm;
  /** Known ids, sorted. */
  ids(): string[];
}

/** `<package root>/models/llms/`. */
export function defaultLlmsDir(): string {
  return join(defaultModelsDir(), "llms");
}

/**
 * Reads and validates every `*.yaml` in `dir`.
 * @throws CatalogError listing every problem (`FILE:LINE:COL path: message`); Error if the
 *   folder cannot be read or holds no files.
 */
export function loadLlmCatalog(dir: string = defaultLlmsDir()): LlmCatalog {
  const { values, problems } = loadYamlFolder(dir, "LLM catalog", LlmFileSchema);
  if (problems.length > 0) throw new CatalogError(problems);
  return makeLlmCatalog(values);
}

/** Builds a catalog from models already validated. @throws Error on a duplicate id. */
export function makeLlmCatalog(input: Iterable<Llm>): LlmCatalog {
  const index = indexById(input, "LLM");
  return { llms: index.byId, ids: index.ids, get: index.get };
}
