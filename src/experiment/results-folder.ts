/**
 * Atomic results folders: everything is written into a temporary sibling folder, which is renamed
 * to the final name at the end. `run-info.json` is written last and marks a complete run, so a
 * crash or Ctrl-C never leaves a folder that looks complete.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { simpleInputError } from "./problems.js";

const live = new Set<string>();
const partial = new Set<string>();

/** Resumable sweep folders still being written (kept on SIGINT/SIGTERM, for the rerun). */
export function partialFolders(): readonly string[] {
  return [...partial];
}

/** Temporary folders still being written (the CLI removes them on SIGINT/SIGTERM). */
export function liveTempFolders(): readonly string[] {
  return [...live];
}

/** Removes every temporary folder still being written. Safe to call from a signal handler. */
export function removeLiveTempFolders(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/** True for an empty folder or one a previous run or sweep wrote (so --force may replace it). */
function isReplaceable(dir: string): boolean {
  if (!statSync(dir).isDirectory()) return false;
  const entries = readdirSync(dir);
  return (
    entries.length === 0 ||
    entries.includes("run-info.json") ||
    entries.includes("manifest.json") ||
    entries.includes("shard.json")
  );
}

/** Where a run writes: a temporary folder that will be renamed to `finalDir`. */
export interface RunFolder {
  readonly tmp: string;
  readonly finalDir: string;
  write(rel: string, content: string | Uint8Array): void;
}

/**
 * Writes `content` to `rel` inside `dir`, creating sub-folders.
 * @throws Error if `rel` would leave `dir`.
 */
export function writeInside(dir: string, rel: string, content: string | Uint8Array): void {
  const path = join(dir, rel);
  if (!resolve(path).startsWith(resolve(dir) + "/")) {
    throw new Error(`refusing to write outside the results folder: ${rel}`);
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/**
 * The part of a pending results folder that a worker thread can use: it writes into `tmp`, but
 * never re-creates `tmp` once the main thread has removed it (after SIGINT or a failure).
 */
export function workerFolder(tmp: string, finalDir: string): RunFolder {
  return {
    tmp,
    finalDir,
    write: (rel, content) => {
      if (!existsSync(tmp)) throw new Error(`results folder ${tmp} was removed; run abandoned`);
      writeInside(tmp, rel, content);
    },
  };
}

export class PendingFolder implements RunFolder {
  readonly tmp: string;
  private done = false;
  /** A resumable folder kept from an interrupted sweep (its finished runs are reused). */
  readonly resumed: boolean = false;

  /**
   * With `resumable` (sweeps), the temporary folder has a fixed name (`.<name>.partial`) and
   * survives an interruption or a failed run, so that the same command run again finds the runs
   * already finished (each marked by its run-info.json) and does not redo them.
   * @throws InputError (exit 2) if `finalDir` exists and `force` is false.
   */
  constructor(
    readonly finalDir: string,
    force: boolean,
    private readonly resumable = false,
  ) {
    const abs = resolve(finalDir);
    if (existsSync(abs)) {
      if (!force) {
        throw simpleInputError(
          finalDir,
          "results folder already exists; pass --force to replace it",
        );
      }
      if (!isReplaceable(abs)) {
        throw simpleInputError(
          finalDir,
          "refusing to replace this folder: it is not empty and holds no run-info.json or manifest.json, so it is not an aidcsim results folder",
        );
      }
    }
    const parent = dirname(abs);
    if (!existsSync(parent)) mkdirSync(parent, { recursive: true });
    if (resumable) {
      this.tmp = join(parent, `.${basename(abs)}.partial`);
      partial.add(this.tmp);
      if (existsSync(this.tmp)) {
        this.resumed = true;
        return;
      }
    } else {
      this.tmp = join(parent, `.${basename(abs)}.tmp-${process.pid}`);
      rmSync(this.tmp, { recursive: true, force: true });
    }
    // Not recursive: Node's recursive mkdir can spin forever on some special file systems (/proc).
    mkdirSync(this.tmp);
    if (!resumable) live.add(this.tmp);
  }

  /** Starts a resumed folder afresh (its plan did not match). */
  reset(): void {
    rmSync(this.tmp, { recursive: true, force: true });
    mkdirSync(this.tmp);
    (this as { resumed: boolean }).resumed = false;
  }

  /** Writes a file (relative path inside the folder), creating sub-folders. */
  write(rel: string, content: string | Uint8Array): void {
    writeInside(this.tmp, rel, content);
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
    partial.delete(this.tmp);
    this.done = true;
  }

  /** Deletes the temporary folder (after a failure); a resumable one is kept for the rerun. */
  abandon(): void {
    if (!this.resumable) rmSync(this.tmp, { recursive: true, force: true });
    live.delete(this.tmp);
    partial.delete(this.tmp);
    this.done = true;
  }
}
