/**
 * Per-layer quantities derived from an LLM's dimensions, shared by the training and inference
 * models. Structural counts (how many tensors a layer stores or streams) follow the layer's
 * own shape; see docs/performance-model.md.
 */
import type { Llm } from "../llm-schema.js";

/** Query width h x head_dim. */
export function queryWidth(llm: Llm): number {
  return llm.heads * llm.headDim;
}

/** Key (or value) width kv_heads x head_dim. */
export function kvWidth(llm: Llm): number {
  return llm.kvHeads * llm.headDim;
}

/** FFN width a token passes through: ffn x experts used per token. */
export function activeFfnWidth(llm: Llm): number {
  return llm.ffnHiddenSize * (llm.moe?.expertsPerToken ?? 1);
}

/**
 * Attention FLOPs per token, forward only, for a causal sequence of `seqLen` tokens: QK^T and AV
 * are 2 x ctx x q_width each, and a causal token sees on average half the sequence:
 * 2 x L x q_width x seqLen.
 */
export function causalAttentionForwardFlopsPerToken(llm: Llm, seqLen: number): number {
  return 2 * llm.layers * queryWidth(llm) * seqLen;
}

/**
 * Activation bytes stored per token per layer for backward (BF16, flash attention so no score
 * matrix; Korthikanti et al. 2022 counting, without dropout masks):
 * attention: norm input, QKV input, Q, K, V and the attention output (2d + 2q + 2kv); MLP: norm
 * input, MLP input and the gate/up outputs plus the down-projection input (gated: 3 x ffn;
 * plain: fc1 output and activation output, 2 x ffn).
 */
export function activationBytesPerTokenLayer(llm: Llm): number {
  const d = llm.hiddenSize;
  const attention = 2 * d + 2 * queryWidth(llm) + 2 * kvWidth(llm);
  const mlp = 2 * d + (llm.ffnGated ? 3 : 2) * activeFfnWidth(llm);
  return 2 * (attention + mlp);
}

/** Bytes a layer keeps per token under full recomputation: its BF16 input. */
export function checkpointBytesPerTokenLayer(llm: Llm): number {
  return 2 * llm.hiddenSize;
}

/**
 * HBM traffic of the non-matmul (elementwise) kernels per token per layer, forward + backward,
 * bytes: two norms (read + write d each), two residual adds (read 2d, write d each), rotary on
 * Q and K (read + write), and the MLP activation (gated: read 2 ffn, write ffn; plain: read
 * and write ffn); backward moves about twice the forward traffic, so x3 in all; BF16.
 */
export function elementwiseBytesPerTokenLayer(llm: Llm): number {
  const d = llm.hiddenSize;
  const forward =
    4 * d +
    6 * d +
    2 * (queryWidth(llm) + kvWidth(llm)) +
    (llm.ffnGated ? 3 : 2) * activeFfnWidth(llm);
  return 2 * 3 * forward;
}

/** KV-cache bytes per token of context: K and V for every layer. */
export function kvBytesPerTokenAt(llm: Llm, bytesPerElement: number): number {
  return 2 * llm.layers * kvWidth(llm) * bytesPerElement;
}
