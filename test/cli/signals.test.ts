import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

const CASES = [
  { signal: "SIGINT", command: ["run"] },
  { signal: "SIGTERM", command: ["run"] },
  { signal: "SIGINT", command: ["sweep", "--replications", "3", "--workers", "2"] },
] as const;

describe("interrupting a run or a sweep", () => {
  for (const { signal, command } of CASES) {
    it(`leaves no results folder on ${signal} (${command.join(" ")}); a sweep keeps its partial folder`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "aidcsim-signal-"));
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          join(ROOT, "test/fixtures/cli-entry.ts"),
          ...command,
          join(ROOT, "test/fixtures/long-run.yaml"),
          "--out",
          join(dir, "out"),
          "--quiet",
        ],
        { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      // Wait (event-driven, no sleep) until the run has created its temporary folder.
      await new Promise<void>((resolve) => {
        const w = watch(dir, () => {
          if (readdirSync(dir).length > 0) {
            w.close();
            resolve();
          }
        });
      });
      const code = await new Promise<number | null>((resolve) => {
        child.on("exit", (c) => resolve(c));
        child.kill(signal);
      });
      expect(code).toBe(signal === "SIGINT" ? 130 : 143);
      if (command[0] === "run") {
        expect(stderr).toMatch(/no partial results were left/);
        expect(readdirSync(dir)).toEqual([]);
      } else {
        // A sweep keeps its finished runs in a hidden partial folder for the rerun to resume;
        // no folder that looks like results appears.
        expect(stderr).toMatch(
          /finished runs are kept in .*\.out\.partial: run the same command again/,
        );
        expect(readdirSync(dir)).toEqual([".out.partial"]);
      }
      rmSync(dir, { recursive: true, force: true });
    });
  }
});
