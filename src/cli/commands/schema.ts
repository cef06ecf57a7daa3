import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { experimentJsonSchema } from "../../experiment/schema.js";
import type { CliContext } from "../main.js";

export function registerSchema(program: Command, ctx: CliContext): void {
  program
    .command("schema")
    .description("print (or write) the JSON Schema of experiment files, for editor completion")
    .option("--out <file>", "write to a file instead of stdout")
    .action((flags: { out?: string }) => {
      const text = JSON.stringify(experimentJsonSchema(), null, 2) + "\n";
      if (flags.out) writeFileSync(flags.out, text);
      else ctx.stdout(text);
    });
}
