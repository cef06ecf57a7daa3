import { renameSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { CliContext } from "../main.js";
import { repoRoot } from "../repo-root.js";

export function registerValidateModel(program: Command, ctx: CliContext): void {
  program
    .command("validate-model")
    .description(
      "compare the models with published and analytic figures (the validation suite; docs/validation.md)",
    )
    .option("--out <file>", "write the markdown table to this file (e.g. docs/validation.md)")
    .option("--json", "print the checks as JSON")
    .action(async (flags: { out?: string; json?: boolean }) => {
      const { runValidation, validationMarkdown } = await import("../validation.js");
      const checks = runValidation(repoRoot());
      const markdown = validationMarkdown(
        checks,
        "npx aidcsim validate-model --out docs/validation.md",
      );
      if (flags.out !== undefined) {
        // Whole or nothing: a reader never sees a half-written page.
        const tmp = `${flags.out}.tmp-${process.pid}`;
        writeFileSync(tmp, markdown);
        renameSync(tmp, flags.out);
      }
      if (flags.json) {
        ctx.stdout(JSON.stringify(checks, null, 2) + "\n");
        return;
      }
      for (const c of checks) {
        const err =
          c.errorKind === "relative"
            ? `${(c.error * 100).toFixed(2)}%`
            : `${c.error >= 0 ? "+" : ""}${c.error.toPrecision(3)} ${c.unit}`;
        ctx.stdout(
          `${c.pass ? "pass" : "MISS"}  ${c.fitted ? "in-sample " : "out       "} ${c.id.padEnd(28)} error ${err}\n`,
        );
      }
      const out = checks.filter((c) => !c.fitted);
      ctx.stdout(
        `validate-model: ${checks.length} checks, ${out.length} out of sample, ${out.filter((c) => c.pass).length} of them within tolerance${flags.out ? `; wrote ${flags.out}` : ""}\n`,
      );
    });
}
