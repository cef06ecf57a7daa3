import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  AcceleratorFileSchema,
  CatalogError,
  catalogRows,
  defaultAcceleratorsDir,
  defaultModelsDir,
  editDistance,
  figurePaths,
  loadAcceleratorCatalog,
  suggest,
} from "../../src/models/index.js";
import { parse } from "yaml";

const DIR = defaultAcceleratorsDir();
const IDS = [
  "nvidia-h100-sxm",
  "nvidia-h100-pcie",
  "nvidia-h200",
  "nvidia-b200",
  "nvidia-gb200",
  "aws-trainium1",
  "aws-trainium2",
  "aws-trainium3",
  "aws-inferentia2",
];

const tempDirs: string[] = [];
function tempCatalog(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "aidcsim-catalog-"));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const h100Text = () => readFileSync(join(DIR, "nvidia-h100-sxm.yaml"), "utf8");
function loadError(dir: string): CatalogError {
  try {
    loadAcceleratorCatalog(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return err as CatalogError;
  }
  throw new Error("expected the catalog to fail to load");
}

describe("shipped accelerator catalog", () => {
  it("resolves the default models folder to <package root>/models", () => {
    expect(existsSync(join(defaultModelsDir(), "accelerators"))).toBe(true);
    // This test file, like src/models/catalog.ts, sits two levels below the package root.
    expect(defaultModelsDir()).toBe(fileURLToPath(new URL("../../models/", import.meta.url)));
  });

  it("loads and validates every shipped file", () => {
    const files = readdirSync(DIR).filter((n) => n.endsWith(".yaml"));
    const catalog = loadAcceleratorCatalog(DIR);
    expect(catalog.ids()).toHaveLength(files.length);
  });

  it("contains all nine accelerators, ids sorted", () => {
    const catalog = loadAcceleratorCatalog(DIR);
    expect([...catalog.ids()].sort()).toEqual([...IDS].sort());
    expect(catalog.ids()).toEqual([...catalog.ids()].sort());
    expect([...catalog.accelerators.keys()]).toEqual(catalog.ids());
  });

  it("gives every numeric field a source, marked Estimate exactly when it is an estimate", () => {
    for (const name of readdirSync(DIR).filter((n) => n.endsWith(".yaml"))) {
      const raw = parse(readFileSync(join(DIR, name), "utf8")) as Record<string, unknown>;
      const sources = raw.sources as Record<string, string>;
      const paths = figurePaths(raw);
      // Independent walk: every number or estimate anywhere outside sources/references.
      const numeric: string[] = [];
      const walk = (o: Record<string, unknown>, prefix: string) => {
        for (const [k, v] of Object.entries(o)) {
          if (prefix === "" && (k === "sources" || k === "references")) continue;
          if (typeof v === "number") numeric.push(prefix + k);
          else if (v !== null && typeof v === "object") {
            if ("basis" in v) numeric.push(prefix + k);
            else walk(v as Record<string, unknown>, `${prefix}${k}.`);
          }
        }
      };
      walk(raw, "");
      const required = [
        "bf16DenseTFlops",
        "hbmGB",
        "hbmTBps",
        "maxPowerW",
        "idlePowerW",
        "acceleratorsPerNode",
        "scaleUpDomain",
        "scaleUpGBps",
        "scaleOutGbps",
        "thermal.slowdownC",
        "thermal.shutdownC",
      ];
      expect(numeric, name).toEqual(expect.arrayContaining(required));
      // fp8DenseTFlops is a number, or null with a source saying why.
      expect(sources.fp8DenseTFlops, `${name}: fp8DenseTFlops`).toMatch(/\S/);
      for (const path of numeric) {
        expect(sources[path], `${name}: ${path}`).toMatch(/\S/);
        expect(/^Estimate\b/.test(sources[path]!), `${name}: ${path}`).toBe(paths.get(path));
      }
    }
  });

  it("resolves estimates to their value and keeps low, high and basis", () => {
    const trn2 = loadAcceleratorCatalog(DIR).get("aws-trainium2");
    expect(trn2.maxPowerW).toBe(500);
    expect(trn2.estimates.maxPowerW).toMatchObject({ value: 500, low: 400, high: 600 });
    expect(trn2.estimates.maxPowerW!.basis).toMatch(/analyst/);
    expect(trn2.estimates.bf16DenseTFlops).toBeUndefined();
    expect(trn2.thermal.slowdownC).toBe(trn2.estimates["thermal.slowdownC"]!.value);
  });

  it("keeps published figures as published", () => {
    const c = loadAcceleratorCatalog(DIR);
    const h100 = c.get("nvidia-h100-sxm");
    expect([h100.bf16DenseTFlops, h100.fp8DenseTFlops, h100.hbmGB, h100.maxPowerW]).toEqual([
      989, 1979, 80, 700,
    ]);
    expect(h100.thermal).toEqual({ slowdownC: 89, shutdownC: 92 });
    expect(c.get("nvidia-gb200").scaleUpDomain).toBe(72);
    expect(c.get("nvidia-gb200").cooling).toBe("liquid");
    expect(c.get("aws-trainium2").scaleUpDomain).toBe(64);
  });

  it("makes display rows with key figures and the list of estimated fields", () => {
    const rows = catalogRows(loadAcceleratorCatalog(DIR));
    expect(rows.map((r) => r.id)).toEqual([...IDS].sort());
    const h100 = rows.find((r) => r.id === "nvidia-h100-sxm")!;
    expect(h100).toMatchObject({ vendor: "NVIDIA", bf16DenseTFlops: 989, scaleUpDomain: 8 });
    expect(h100.estimated).toEqual(["idlePowerW"]);
    expect(rows.find((r) => r.id === "aws-trainium3")!.estimated).toContain("maxPowerW");
  });
});

describe("bad accelerator files", () => {
  it("names the file and the field when a field is missing", () => {
    const text = h100Text().replace(/^hbmTBps: .*\n/m, "");
    const err = loadError(tempCatalog({ "nvidia-h100-sxm.yaml": text }));
    expect(err.message).toMatch(/nvidia-h100-sxm\.yaml:\d+:\d+ hbmTBps: missing field/);
    expect(err.problems[0]).toMatchObject({ path: "hbmTBps" });
  });

  it("names the file, line and field when a field has the wrong type", () => {
    const text = h100Text().replace(/^maxPowerW: 700$/m, 'maxPowerW: "700 W"');
    const line = text.split("\n").findIndex((l) => l.startsWith("maxPowerW:")) + 1;
    const err = loadError(tempCatalog({ "nvidia-h100-sxm.yaml": text }));
    expect(err.message).toContain(`nvidia-h100-sxm.yaml:${line}:1 maxPowerW: expected a number`);
  });

  it("names the nested field inside a bad estimate", () => {
    const text = h100Text().replace("  high: 101\n", "");
    const err = loadError(tempCatalog({ "nvidia-h100-sxm.yaml": text }));
    expect(err.message).toMatch(/nvidia-h100-sxm\.yaml:\d+:\d+ idlePowerW\.high: missing field/);
  });

  it("rejects an estimate whose value lies outside its range", () => {
    const text = h100Text().replace("  value: 75\n", "  value: 150\n");
    const err = loadError(tempCatalog({ "nvidia-h100-sxm.yaml": text }));
    expect(err.message).toMatch(/idlePowerW: an estimate needs low <= value <= high/);
  });

  it("rejects unknown fields, naming them", () => {
    const text = h100Text().replace(/^cooling: air$/m, "cooling: air\ncoolingKind: dlc");
    const err = loadError(tempCatalog({ "nvidia-h100-sxm.yaml": text }));
    expect(err.message).toMatch(/nvidia-h100-sxm\.yaml:\d+:1 coolingKind: unknown field/);
  });

  it("rejects a figure without a source", () => {
    const text = h100Text().replace(/^ {2}hbmTBps: .*\n/m, "");
    const err = loadError(tempCatalog({ "nvidia-h100-sxm.yaml": text }));
    expect(err.message).toMatch(/sources\.hbmTBps: missing source/);
  });

  it("rejects an estimate whose source does not say Estimate", () => {
    const text = h100Text().replace('idlePowerW: "Estimate: ', 'idlePowerW: "');
    const err = loadError(tempCatalog({ "nvidia-h100-sxm.yaml": text }));
    expect(err.message).toMatch(/sources\.idlePowerW: the field is an estimate/);
  });

  it("rejects a citation key missing from references", () => {
    const text = h100Text().replace('hbmTBps: "facts §1 [S1]"', 'hbmTBps: "facts §1 [S9]"');
    const err = loadError(tempCatalog({ "nvidia-h100-sxm.yaml": text }));
    expect(err.message).toMatch(/sources\.hbmTBps: cites \[S9\]/);
  });

  it("rejects a file whose id does not match its name", () => {
    const err = loadError(tempCatalog({ "nvidia-h100.yaml": h100Text() }));
    expect(err.message).toMatch(/nvidia-h100\.yaml:\d+:1 id: id must match the file name/);
  });

  it("reports YAML syntax errors with the file name", () => {
    const err = loadError(tempCatalog({ "nvidia-h100-sxm.yaml": h100Text() + "\nbad: [1, 2\n" }));
    expect(err.message).toMatch(/nvidia-h100-sxm\.yaml:\d+:\d+ \(file\): YAML syntax/);
  });

  it("reports problems in every bad file at once", () => {
    const dir = tempCatalog({
      "nvidia-h100-sxm.yaml": h100Text().replace(/^hbmGB: 80$/m, "hbmGB: -80"),
      "other.yaml": h100Text()
        .replace("id: nvidia-h100-sxm", "id: other")
        .replace(/^name: .*$/m, ""),
    });
    const err = loadError(dir);
    expect(err.problems.map((p) => [p.file.endsWith("other.yaml"), p.path])).toEqual([
      [false, "hbmGB"],
      [true, "name"],
    ]);
  });

  it("fails clearly on a folder with no accelerator files", () => {
    expect(() => loadAcceleratorCatalog(tempCatalog({}))).toThrow(/has no \*\.yaml files/);
    expect(() => loadAcceleratorCatalog(join(tmpdir(), "aidcsim-no-such-dir"))).toThrow(
      /cannot be read/,
    );
  });
});

describe("looking up accelerators", () => {
  const catalog = loadAcceleratorCatalog(DIR);

  it("suggests the right id for a misspelt one and lists the known ids", () => {
    expect(() => catalog.get("nvidia-h100-smx")).toThrow(/did you mean "nvidia-h100-sxm"\?/);
    expect(() => catalog.get("aws-trainum2")).toThrow(/did you mean "aws-trainium2"\?/);
    expect(() => catalog.get("nvidia-gb20")).toThrow(/known: aws-inferentia2, .*nvidia-h200/);
  });

  it("suggests an id given without its vendor prefix", () => {
    expect(suggest("trainium3", catalog.ids())).toBe("aws-trainium3");
    expect(suggest("h100-pcie", catalog.ids())).toBe("nvidia-h100-pcie");
  });

  it("makes no suggestion for an id unlike any known one", () => {
    expect(suggest("tpu-v5p", catalog.ids())).toBeUndefined();
    expect(() => catalog.get("tpu-v5p")).not.toThrow(/did you mean/);
  });

  it("computes edit distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("returns the accelerator for a known id", () => {
    expect(catalog.get("aws-inferentia2").acceleratorsPerNode).toBe(12);
  });
});

describe("accelerator file schema", () => {
  it("accepts null FP8 for accelerators without FP8", () => {
    const raw = parse(h100Text()) as Record<string, unknown>;
    raw.fp8DenseTFlops = null;
    expect(AcceleratorFileSchema.safeParse(raw).success).toBe(true);
  });
});
