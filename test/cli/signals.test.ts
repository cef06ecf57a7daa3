import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

describe("interrupting a run", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`leaves no results folder, complete or partial, on ${signal}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "aidcsim-signal-"));
      const child = spawn(
        process.execPath,
        [
          "--import",
          "tsx",
          join(ROOT, "test/fixtures/cli-entry.ts"),
          "run",
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
      expect(stderr).toMatch(/no partial results were left/);
      expect(readdirSync(dir)).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    });
  }
});
