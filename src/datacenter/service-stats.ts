import { Samples } from "../metrics/index.js";

/** What every inference service counts for summary.json (requests at or after warm-up). */
export class ServiceStats {
  requests = 0;
  completed = 0;
  dropped = 0;
  /** Requests that met every SLO target. */
  sloMet = 0;
  readonly latencies = new Samples();
  readonly waits = new Samples();
}

/** An LLM service's counts beyond the common ones: tokens, prefix reuse, TTFT and TPOT. */
export class LlmServiceStats extends ServiceStats {
  outputTokens = 0;
  promptTokens = 0;
  /** Prompt tokens found in a prefix cache. */
  cachedTokens = 0;
  readonly ttft = new Samples();
  readonly tpot = new Samples();
}
