/**
 * Turns zod issues into readable messages: accepted values, "did you mean", and for unions the
 * branch that got furthest rather than a bare "Invalid input".
 */
import type { z } from "zod";
import { suggestion } from "./problems.js";

type Path = readonly PropertyKey[];

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: readonly z.ZodType[];
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The schemas that may describe the value at `path` (several under unions). */
export function schemasAt(schema: z.ZodType, path: Path): z.ZodType[] {
  let current: z.ZodType[] = [schema];
  const unwrap = (s: z.ZodType): z.ZodType[] => {
    const d = defOf(s);
    if (d.innerType) return unwrap(d.innerType);
    if (d.type === "pipe" && d.in) return unwrap(d.in);
    if (d.type === "union" && d.options) return d.options.flatMap(unwrap);
    return [s];
  };
  for (const key of path) {
    const next: z.ZodType[] = [];
    for (const s of current.flatMap(unwrap)) {
      const d = defOf(s);
      if (d.type === "object" && d.shape && typeof key === "string" && key in d.shape) {
        next.push(d.shape[key]);
      } else if (d.type === "array" && d.element && typeof key === "number") {
        next.push(d.element);
      } else if (d.type === "record" && d.valueType) {
        next.push(d.valueType);
      }
    }
    current = next;
  }
  return current.flatMap(unwrap);
}

/** Keys an object at `path` accepts. */
export function knownKeysAt(schema: z.ZodType, path: Path): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(schema, path)) {
    const d = defOf(s);
    if (d.type === "object" && d.shape) for (const k of Object.keys(d.shape)) keys.add(k);
  }
  return [...keys];
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `text ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k as string];
  }
  return v;
}

export interface ReadableIssue {
  path: PropertyKey[];
  /** For unknown keys: the key itself, so the location can point at it. */
  key?: string;
  message: string;
}

/** Flattens and rewrites zod issues; `input` is the parsed file content. */
export function readableIssues(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  basePath: Path = [],
): ReadableIssue[] {
  const out: ReadableIssue[] = [];
  // A "needs one of" check on an object with an unknown key says the same thing twice.
  const withUnknownKeys = new Set(
    issues.filter((i) => i.code === "unrecognized_keys").map((i) => JSON.stringify(i.path)),
  );
  for (const issue of issues) {
    const path = [...basePath, ...issue.path];
    if (issue.code === "custom" && withUnknownKeys.has(JSON.stringify(issue.path))) continue;
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = knownKeysAt(schema, path);
        for (const key of issue.keys) {
          const accepted = known.length > 0 ? `; accepted keys: ${known.join(", ")}` : "";
          out.push({
            path: [...path, key],
            key,
            message: `unknown key '${key}'${suggestion(key, known)}${accepted}`,
          });
        }
        break;
      }
      case "invalid_value": {
        const got = valueAt(input, path);
        const values = issue.values.map(String);
        const hint = typeof got === "string" ? suggestion(got, values) : "";
        out.push({
          path,
          message: `${typeName(got)} is not accepted; accepted values: ${values.join(", ")}${hint}`,
        });
        break;
      }
      case "invalid_type": {
        const got = valueAt(input, path);
        const what = got === undefined ? "missing required field" : `got ${typeName(got)}`;
        const expected =
          issue.expected === "number" && typeof got === "number"
            ? "a finite number (not .nan or .inf)"
            : issue.expected;
        out.push({ path, message: `${what}; expected ${expected}` });
        break;
      }
      case "too_small":
      case "too_big": {
        const got = valueAt(input, path);
        const small = issue.code === "too_small";
        const bound = Number(small ? issue.minimum : issue.maximum);
        const op = small ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
        let message: string;
        if (issue.origin === "array") {
          message = `needs ${small ? "at least" : "at most"} ${bound} entr${bound === 1 ? "y" : "ies"}`;
        } else if (issue.origin === "string") {
          message =
            small && bound === 1
              ? "must not be empty"
              : `must be ${small ? "at least" : "at most"} ${bound} characters`;
        } else {
          message = `must be ${op} ${bound}, got ${String(got)}`;
        }
        out.push({ path, message });
        break;
      }
      case "invalid_union": {
        // Report the branch that got furthest into the value; if none got past the top, the
        // union's own message (which lists the accepted forms).
        let best: readonly z.core.$ZodIssue[] | undefined;
        let bestDepth = 0;
        for (const branch of issue.errors) {
          const depth = Math.max(
            ...branch.map((i) => i.path.length + (i.code === "unrecognized_keys" ? 0.5 : 0)),
          );
          if (depth > bestDepth) {
            best = branch;
            bestDepth = depth;
          }
        }
        if (best !== undefined && bestDepth > 0) {
          out.push(...readableIssues(schema, best, input, path));
        } else {
          const got = valueAt(input, path);
          out.push({
            path,
            message:
              got === undefined
                ? `missing required field; ${issue.message}`
                : `${issue.message}; got ${typeName(got)}`,
          });
        }
        break;
      }
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}
