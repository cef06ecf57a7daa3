/**
 * Schema of one LLM architecture file in `models/llms/*.yaml` (see the README there). Every
 * figure needs a `sources` entry citing a key listed in `references`; the parameter count must
 * agree with the dimensions (see {@link countParameters}) so a typo in either is caught.
 */
import * as z from "zod";
import { checkSources, ReferencesSchema, sourcedPaths, SourcesSchema } from "./data-file.js";

const positiveInt = () => z.number().int().positive();

/** Largest relative gap allowed between `parametersTotal` and the count from the dimensions. */
export const PARAMETER_COUNT_TOLERANCE = 0.02;

export const LlmArchitectureSchema = z.enum(["dense", "moe"]);
export type LlmArchitecture = z.infer<typeof LlmArchitectureSchema>;

const UNSOURCED = new Set(["id", "name", "architecture", "sources", "references"]);

export const LlmFileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+([.-][a-z0-9]+)*$/, {
      message: "expected a lowercase id of letters, digits, '-' and '.', e.g. llama-3.1-405b",
    }),
    name: z.string().trim().min(1),
    architecture: LlmArchitectureSchema,
    layers: positiveInt(),
    hiddenSize: positiveInt(),
    /** FFN inner size; for a mixture of experts, per expert. */
    ffnHiddenSize: positiveInt(),
    /** true for SwiGLU-style MLPs (gate, up, down: three matrices), false for two-matrix MLPs. */
    ffnGated: z.boolean(),
    heads: positiveInt(),
    kvHeads: positiveInt(),
    headDim: positiveInt(),
    vocabSize: positiveInt(),
    tiedEmbeddings: z.boolean(),
    parametersTotal: z.number().positive(),
    parametersActive: z.number().positive(),
    maxContext: positiveInt(),
    moe: z.strictObject({ experts: positiveInt(), expertsPerToken: positiveInt() }).optional(),
    sources: SourcesSchema,
    references: ReferencesSchema,
  })
  .superRefine((f, ctx) => {
    checkSources(sourcedPaths(f, UNSOURCED), f.sources, f.references, ctx);
    if (f.heads % f.kvHeads !== 0) {
      ctx.addIssue({
        code: "custom",
        path: ["kvHeads"],
        message: `must divide heads (${f.heads})`,
      });
    }
    if (f.parametersActive > f.parametersTotal) {
      ctx.addIssue({
        code: "custom",
        path: ["parametersActive"],
        message: `must not exceed parametersTotal (${f.parametersTotal})`,
      });
    }
    if (f.architecture === "moe" && f.moe === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["moe"],
        message: "missing field (a moe model needs { experts, expertsPerToken })",
      });
    }
    if (f.architecture === "dense" && f.moe !== undefined) {
      ctx.addIssue({ code: "custom", path: ["moe"], message: "only a moe model has this field" });
    }
    if (f.moe !== undefined && f.moe.expertsPerToken > f.moe.experts) {
      ctx.addIssue({
        code: "custom",
        path: ["moe", "expertsPerToken"],
        message: `must not exceed experts (${f.moe.experts})`,
      });
    }
    const counted = countParameters(f);
    for (const [field, want] of [
      ["parametersTotal", counted.total],
      ["parametersActive", counted.active],
    ] as const) {
      const got = f[field];
      if (Math.abs(got - want) / want > PARAMETER_COUNT_TOLERANCE) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `${got.toExponential(3)} disagrees with the dimensions, which give ${want.toExponential(3)} (more than ${PARAMETER_COUNT_TOLERANCE * 100}% apart)`,
        });
      }
    }
  });
export type Llm = z.infer<typeof LlmFileSchema>;

/** The dimensions {@link countParameters} needs. */
export type LlmShape = Pick<
  Llm,
  | "layers"
  | "hiddenSize"
  | "ffnHiddenSize"
  | "ffnGated"
  | "heads"
  | "kvHeads"
  | "headDim"
  | "vocabSize"
  | "tiedEmbeddings"
  | "moe"
>;

/**
 * Parameters from the dimensions (weight matrices only; norms and biases are < 0.1%):
 * attention d x (q + 2 kv + o), MLP (2 or 3) x d x ffn per expert, embeddings V x d (twice
 * unless tied). Active counts the experts a token uses.
 */
export function countParameters(llm: LlmShape): {
  total: number;
  active: number;
  perLayerAttention: number;
} {
  const d = llm.hiddenSize;
  const q = llm.heads * llm.headDim;
  const kv = llm.kvHeads * llm.headDim;
  const attention = d * (2 * q + 2 * kv);
  const mlpPerExpert = (llm.ffnGated ? 3 : 2) * d * llm.ffnHiddenSize;
  const experts = llm.moe?.experts ?? 1;
  const used = llm.moe?.expertsPerToken ?? 1;
  const embeddings = llm.vocabSize * d * (llm.tiedEmbeddings ? 1 : 2);
  return {
    total: llm.layers * (attention + experts * mlpPerExpert) + embeddings,
    active: llm.layers * (attention + used * mlpPerExpert) + embeddings,
    perLayerAttention: attention,
  };
}
