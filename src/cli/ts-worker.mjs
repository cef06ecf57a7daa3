// The piscina task module for runs from source (tests, `tsx`): registers tsx, then hands over to
// run-worker.ts beside it. The compiled CLI in dist/ gives piscina run-worker.js directly.
import { register } from "tsx/esm/api";

register();
const entry = await import(new URL("./run-worker.ts", import.meta.url).href);
export default entry.default;
