import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { experimentJsonSchema, shockFileJsonSchema } from "../../src/experiment/schema.js";

describe("experiments/schema.json", () => {
  it("matches the zod schema (regenerate with npm run schema)", () => {
    const file = readFileSync(join(__dirname, "../../experiments/schema.json"), "utf8");
    expect(file).toBe(JSON.stringify(experimentJsonSchema(), null, 2) + "\n");
  });
});

describe("experiments/shocks/schema.json", () => {
  it("matches the zod schema of shock files (regenerate with npm run schema)", () => {
    const file = readFileSync(join(__dirname, "../../experiments/shocks/schema.json"), "utf8");
    expect(file).toBe(JSON.stringify(shockFileJsonSchema(), null, 2) + "\n");
  });
});
