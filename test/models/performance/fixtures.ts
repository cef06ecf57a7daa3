import {
  loadAcceleratorCatalog,
  loadEfficiencyCatalog,
  loadLlmCatalog,
} from "../../../src/models/index.js";

export const accs = loadAcceleratorCatalog();
export const llms = loadLlmCatalog();
export const effs = loadEfficiencyCatalog();
/** Factors for an accelerator with its vendor's default stack. */
export const effFor = (id: string) =>
  effs.efficiency(id, effs.defaultStackFor(accs.get(id).vendor));
