import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { CliContext } from "../main.js";

export function registerSchema(program: Command, ctx: CliContext): void {
  program
    .command("schema")
    .description("print (or write) the JSON Schema of experiment files, for editor completion")
    .option("--out <file>", "write to a file instead of stdout")
    .action(async (flags: { out?: string }) => {
      const { experimentJsonSchema } = await import("../../experiment/schema.js");
      const text = JSON.stringify(experimentJsonSchema(), null, 2) + "\n";
      if (flags.out) writeFileSync(flags.out, text);
      else ctx.stdout(text);
    });
}
