/**
 * Atomic results folders: everything is written into a temporary sibling folder, which is renamed
 * to the final name at the end. `run-info.json` is written last and marks a complete run, so a
 * crash or Ctrl-C never leaves a folder that looks complete.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { simpleInputError } from "./problems.js";

const live = new Set<string>();

/** Temporary folders still being written (the CLI removes them on SIGINT/SIGTERM). */
export function liveTempFolders(): readonly string[] {
  return [...live];
}

/** Removes every temporary folder still being written. Safe to call from a signal handler. */
export function removeLiveTempFolders(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

export class PendingFolder {
  readonly tmp: string;
  private done = false;

  /**
   * @throws InputError (exit 2) if `finalDir` exists and `force` is false.
   */
  constructor(
    readonly finalDir: string,
    force: boolean,
  ) {
    const abs = resolve(finalDir);
    if (existsSync(abs) && !force) {
      throw simpleInputError(
        finalDir,
        "results folder already exists; pass --force to replace it",
        "--out",
      );
    }
    mkdirSync(dirname(abs), { recursive: true });
    this.tmp = join(dirname(abs), `.${basename(abs)}.tmp-${process.pid}`);
    rmSync(this.tmp, { recursive: true, force: true });
    mkdirSync(this.tmp, { recursive: true });
    live.add(this.tmp);
  }

  /** Writes a file (relative path inside the folder), creating sub-folders. */
  write(rel: string, content: string | Uint8Array): void {
    const path = join(this.tmp, rel);
    if (!resolve(path).startsWith(resolve(this.tmp) + "/")) {
      throw new Error(`refusing to write outside the results folder: ${rel}`);
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }

  /** Renames the temporary folder into place, replacing an old folder (only with force). */
  commit(): void {
    if (this.done) throw new Error("results folder already committed");
    const abs = resolve(this.finalDir);
    if (existsSync(abs)) {
      const old = `${this.tmp}.old`;
      renameSync(abs, old);
      renameSync(this.tmp, abs);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(this.tmp, abs);
    }
    live.delete(this.tmp);
    this.done = true;
  }

  /** Deletes the temporary folder (after a failure). */
  abandon(): void {
    rmSync(this.tmp, { recursive: true, force: true });
    live.delete(this.tmp);
    this.done = true;
  }
}
