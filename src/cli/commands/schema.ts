import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { CliContext } from "../main.js";

export function registerSchema(program: Command, ctx: CliContext): void {
  program
    .command("schema")
    .description("print (or write) the JSON Schema of experiment files, for editor completion")
    .option("--out <file>", "write to a file instead of stdout")
    .option("--shocks", "the schema of shock files (experiments/shocks/) instead")
    .action(async (flags: { out?: string; shocks?: boolean }) => {
      const { experimentJsonSchema, shockFileJsonSchema } =
        await import("../../experiment/schema.js");
      const schema = flags.shocks ? shockFileJsonSchema() : experimentJsonSchema();
      const text = JSON.stringify(schema, null, 2) + "\n";
      if (flags.out) writeFileSync(flags.out, text);
      else ctx.stdout(text);
    });
}
