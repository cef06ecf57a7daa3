/**
 * The aidcsim command line. Exit codes: 0 success; 1 a run failed; 2 bad input (file, flag,
 * value, unknown option); 3 regress found differences.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { InputError, RunFailedError, formatProblem, type Problem } from "../experiment/problems.js";
import { packageVersion } from "../experiment/version.js";
import { partialFolders, removeLiveTempFolders } from "../experiment/results-folder.js";
import { registerRun } from "./commands/run.js";
import { registerValidate } from "./commands/validate.js";
import { registerCatalog } from "./commands/catalog.js";
import { registerBench } from "./commands/bench.js";
import { registerRegress } from "./commands/regress.js";
import { registerSchema } from "./commands/schema.js";
import { registerCalibrate } from "./commands/calibrate.js";
import { registerPlot } from "./commands/plot.js";
import { registerValidateModel } from "./commands/validate-model.js";
import { registerCalibrateTraining } from "./commands/calibrate-training.js";
import { registerCompare } from "./commands/compare.js";

/** Problems shown at most; a broken file can yield hundreds of follow-on syntax errors. */
export const MAX_PROBLEMS_SHOWN = 20;

/** The problems to print: the first {@link MAX_PROBLEMS_SHOWN}, then a count of the rest. */
export function problemLines(problems: readonly Problem[]): string[] {
  const lines = problems.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem);
  const rest = problems.length - MAX_PROBLEMS_SHOWN;
  if (rest > 0) {
    lines.push(
      `${problems[0].file}: ${rest} more problem${rest === 1 ? "" : "s"} not shown (fix the first ones and validate again)`,
    );
  }
  return lines;
}

export const EXIT = { ok: 0, runFailed: 1, badInput: 2, regressDiff: 3 } as const;

/** File-system errors that mean a bad path was given (exit 2); others (disk full) exit 1. */
const BAD_PATH_CODES = new Set([
  "ENOENT",
  "EACCES",
  "EPERM",
  "EROFS",
  "ENOTDIR",
  "EISDIR",
  "EEXIST",
]);

/** Parses an integer flag value, rejecting anything else with exit 2. */
export function intArg(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*-?\d+(?:e\d+)?\s*$/i.test(value) || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        `expected a whole number from ${min} to ${max}, got '${value}'`,
      );
    }
    return n;
  };
}

/** Parses a number flag value in (lo, hi). */
export function numberArg(lo: number, hi: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n <= lo || n >= hi) {
      throw new InvalidArgumentError(
        `expected a number between ${lo} and ${hi} (exclusive), got '${value}'`,
      );
    }
    return n;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export interface CliContext {
  exitCode: number;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

function buildProgram(ctx: CliContext): Command {
  const program = new Command("aidcsim")
    .description("Seeded discrete-event simulator of AI data centers")
    .version(packageVersion(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  registerRun(program, ctx);
  registerValidate(program, ctx);
  registerCatalog(program, ctx);
  registerBench(program, ctx);
  registerRegress(program, ctx);
  registerSchema(program, ctx);
  registerCalibrate(program, ctx);
  registerPlot(program, ctx);
  registerValidateModel(program, ctx);
  registerCalibrateTraining(program, ctx);
  registerCompare(program, ctx);
  for (const c of program.commands)
    c.exitOverride().configureOutput({ writeOut: ctx.stdout, writeErr: ctx.stderr });
  return program;
}

/** Runs the CLI; resolves to the process exit code. Never prints a stack trace for bad input. */
export async function main(
  argv: readonly string[],
  io: Pick<CliContext, "stdout" | "stderr"> = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  },
): Promise<number> {
  const ctx: CliContext = { exitCode: EXIT.ok, ...io };
  const onSignal = (signal: NodeJS.Signals) => {
    removeLiveTempFolders();
    const kept = partialFolders();
    process.stderr.write(
      kept.length > 0
        ? `aidcsim: interrupted by ${signal}; the finished runs are kept in ${kept.join(", ")}: run the same command again to resume, or delete it\n`
        : `aidcsim: interrupted by ${signal}; no partial results were left\n`,
    );
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await buildProgram(ctx).parseAsync([...argv]);
    return ctx.exitCode;
  } catch (e) {
    return reportError(e, ctx);
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

/** Maps an error to its exit code, printing it the way a user can act on. */
export function reportError(e: unknown, ctx: CliContext): number {
  if (e instanceof CommanderError) {
    if (
      e.code === "commander.helpDisplayed" ||
      e.code === "commander.version" ||
      e.code === "commander.help"
    ) {
      return EXIT.ok;
    }
    return EXIT.badInput; // commander already printed the message
  }
  if (e instanceof InputError) {
    ctx.stderr(problemLines(e.problems).join("\n") + "\n");
    return EXIT.badInput;
  }
  // By name: the catalog module (yaml, zod) is loaded only by commands that need it.
  if (e instanceof Error && e.name === "CatalogError") {
    ctx.stderr(`aidcsim: the accelerator catalog is invalid:\n${e.message}\n`);
    return EXIT.runFailed;
  }
  const fsError = e as NodeJS.ErrnoException;
  if (
    fsError instanceof Error &&
    typeof fsError.code === "string" &&
    typeof fsError.syscall === "string"
  ) {
    // A file-system refusal (a path that cannot be created, read or written): no stack trace.
    const where = fsError.path ? ` ${fsError.path}` : "";
    ctx.stderr(`aidcsim: cannot ${fsError.syscall}${where}: ${fsError.code}\n`);
    return BAD_PATH_CODES.has(fsError.code) ? EXIT.badInput : EXIT.runFailed;
  }
  if (e instanceof RunFailedError) {
    ctx.stderr(`aidcsim: ${e.message}\n`);
    return EXIT.runFailed;
  }
  ctx.stderr(
    `aidcsim: internal error (please report it with the command you ran):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  );
  return EXIT.runFailed;
}

export { Option };
