// Runs an experiment file in-process through the same wiring as `aidcsim run` (no files written).
import { expandRuns } from "../../src/experiment/expand.js";
import { buildWorld, catalog, loadWithCatalog } from "../../src/experiment/run.js";

/** Simulates the first run of an experiment file to its horizon; returns the world. */
export function simulateFile(file: string, sets: string[] = []) {
  const loaded = loadWithCatalog(file, sets);
  const [plan] = expandRuns(loaded, { acceleratorIds: catalog().ids() });
  const world = buildWorld(plan);
  world.sim.run({ until: world.config.horizonS });
  world.dc.finish();
  return world;
}
