import { fileURLToPath } from "node:url";

/** The repository (package) root: two levels above this file's folder (src/cli or dist/cli). */
export function repoRoot(): string {
  return fileURLToPath(new URL("../../", import.meta.url));
}
