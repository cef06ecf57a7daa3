/**
 * The LLM catalog: loads and validates `models/llms/*.yaml`. Pure apart from reading the folder.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { CatalogError, defaultModelsDir, type CatalogProblem } from "./catalog.js";
import { LlmFileSchema, type Llm } from "./llm-schema.js";
import { loadYamlFile } from "./performance/yaml-file.js";
import { suggest } from "./suggest.js";

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
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".yaml"))
      .sort();
  } catch (err) {
    throw new Error(`LLM catalog folder ${dir} cannot be read: ${(err as Error).message}`);
  }
  if (names.length === 0) throw new Error(`LLM catalog folder ${dir} has no *.yaml files`);
  const problems: CatalogProblem[] = [];
  const llms: Llm[] = [];
  for (const name of names) {
    const result = loadYamlFile(join(dir, name), LlmFileSchema);
    if ("problems" in result) {
      problems.push(...result.problems);
      continue;
    }
    const expected = name.slice(0, -".yaml".length);
    if (result.value.id !== expected) {
      problems.push({
        ...result.locate(["id"]),
        message: `id must match the file name: "${expected}"`,
      });
      continue;
    }
    llms.push(result.value);
  }
  if (problems.length > 0) throw new CatalogError(problems);
  return makeLlmCatalog(llms);
}

/** Builds a catalog from models already validated. @throws Error on a duplicate id. */
export function makeLlmCatalog(input: Iterable<Llm>): LlmCatalog {
  const list = [...input].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const llms = new Map<string, Llm>();
  for (const llm of list) {
    if (llms.has(llm.id)) throw new Error(`duplicate LLM id "${llm.id}"`);
    llms.set(llm.id, llm);
  }
  const ids = [...llms.keys()];
  return {
    llms,
    ids: () => [...ids],
    get(id: string): Llm {
      const llm = llms.get(id);
      if (llm !== undefined) return llm;
      const hint = suggest(id, ids);
      throw new Error(
        `unknown LLM "${id}"${hint === undefined ? "" : ` (did you mean "${hint}"?)`}; known: ${ids.join(", ")}`,
      );
    },
  };
}
