/**
 * The browser builds of vega, vega-lite and vega-embed, read from node_modules so a report can
 * inline them and work offline from file://.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Script sources to inline, in load order. */
export interface EmbedLibraries {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

/** The folder of an installed package (its exports map hides package.json from require). */
function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (pkg.name === name) return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`package ${name}: no package.json above its entry point`);
    dir = up;
  }
}

/**
 * Makes script text safe to inline in `<script>`: no `</script` or `<!--` can end or confuse the
 * element (in JS both rewrites mean the same inside strings, regexes and comments), and no
 * source-map comment makes a browser reach for a file that is not there.
 */
export function inlineScriptText(code: string): string {
  return code
    .replace(/<\/(script)/gi, "<\\/$1")
    .replace(/<!--/g, "<\\!--")
    .replace(/^\/\/# sourceMappingURL=.*$/gm, "");
}

let cache: EmbedLibraries | undefined;

/** The three minified browser builds, made safe to inline (read once per process). */
export function embedLibraries(): EmbedLibraries {
  if (cache === undefined) {
    const read = (pkg: string, file: string) =>
      inlineScriptText(readFileSync(join(packageDir(pkg), "build", file), "utf8"));
    cache = {
      vega: read("vega", "vega.min.js"),
      vegaLite: read("vega-lite", "vega-lite.min.js"),
      vegaEmbed: read("vega-embed", "vega-embed.min.js"),
    };
  }
  return cache;
}
