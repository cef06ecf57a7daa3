// Runs the CLI in-process (as `aidcsim ARGS...`) and collects its exit code, stdout and stderr.
import { main } from "../../src/cli/main.js";

export async function runCli(
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["node", "aidcsim", ...args], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
  });
  return { code, out, err };
}
