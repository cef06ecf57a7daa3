// Loads a TypeScript worker entry through tsx, for runs from source (tests, `tsx`); the
// compiled CLI in dist/ starts its JavaScript worker directly.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
