/**
 * Inference latency against the SLO: TTFT (p50, p90, p99) and TPOT (p50, p99) per LLM service,
 * from summary.json, with each service's targets as ticks. Log scales: quantiles span decades.
 */
import type { TopLevelSpec } from "vega-lite";
import { baseConfig } from "./theme.js";
import { VL_SCHEMA, compareValues } from "./timeline.js";

export const LATENCY_DEFAULT_TITLE = "LLM service latency against the SLO (s, log scale)";

interface LatencyPoint {
  service: string;
  panel: "TTFT (s)" | "TPOT (s)";
  quantile: string;
  value: number;
}

interface TargetPoint {
  service: string;
  panel: "TTFT (s)" | "TPOT (s)";
  value: number;
}

type ServiceSummary = Record<string, unknown>;

const QUANTILES: readonly { field: string; panel: LatencyPoint["panel"]; label: string }[] = [
  { field: "ttftP50S", panel: "TTFT (s)", label: "p50" },
  { field: "ttftP90S", panel: "TTFT (s)", label: "p90" },
  { field: "ttftP99S", panel: "TTFT (s)", label: "p99" },
  { field: "tpotP50S", panel: "TPOT (s)", label: "p50" },
  { field: "tpotP99S", panel: "TPOT (s)", label: "p99" },
];

const num = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v) && v > 0 ? v : null;

/** True when some service in the summary has TTFT quantiles (an LLM service). */
export function hasLatency(summary: Record<string, unknown>): boolean {
  const inf = (summary.inference ?? {}) as Record<string, ServiceSummary>;
  return Object.values(inf).some((s) => num(s.ttftP50S) !== null);
}

/** Deterministic: services in name order, quantiles in a fixed order. */
export function latencySpec(
  summary: Record<string, unknown>,
  opts: { title?: string } = {},
): TopLevelSpec {
  const inf = (summary.inference ?? {}) as Record<string, ServiceSummary>;
  const names = Object.keys(inf)
    .filter((n) => num(inf[n].ttftP50S) !== null)
    .sort(compareValues);
  const points: LatencyPoint[] = [];
  const targets: TargetPoint[] = [];
  for (const service of names) {
    const s = inf[service];
    for (const q of QUANTILES) {
      const v = num(s[q.field]);
      if (v !== null) points.push({ service, panel: q.panel, quantile: q.label, value: v });
    }
    const ttft = num(s.sloTtftS);
    const tpot = num(s.sloTpotS);
    if (ttft !== null) targets.push({ service, panel: "TTFT (s)", value: ttft });
    if (tpot !== null) targets.push({ service, panel: "TPOT (s)", value: tpot });
  }
  const panel = (name: LatencyPoint["panel"]) => ({
    width: 280,
    height: 220,
    title: { text: name, anchor: "start" as const, fontSize: 13 },
    layer: [
      {
        data: { values: points.filter((p) => p.panel === name) },
        mark: { type: "point" as const, filled: true, size: 70 },
        encoding: {
          x: {
            field: "service",
            type: "nominal" as const,
            title: "Service",
            sort: names,
            axis: { labelAngle: 0 },
          },
          y: {
            field: "value",
            type: "quantitative" as const,
            title: name,
            scale: { type: "log" as const },
          },
          shape: {
            field: "quantile",
            type: "nominal" as const,
            title: "Quantile",
            scale: { domain: ["p50", "p90", "p99"], range: ["circle", "square", "triangle-up"] },
          },
          color: {
            field: "quantile",
            type: "nominal" as const,
            title: "Quantile",
            scale: { domain: ["p50", "p90", "p99"], range: ["#1b9e77", "#7570b3", "#d95f02"] },
          },
        },
      },
      ...(targets.some((t) => t.panel === name)
        ? [
            {
              data: { values: targets.filter((t) => t.panel === name) },
              mark: { type: "tick" as const, color: "#c00", thickness: 2, size: 30 },
              encoding: {
                x: { field: "service", type: "nominal" as const, sort: names },
                y: { field: "value", type: "quantitative" as const },
              },
            },
          ]
        : []),
    ],
  });
  return {
    $schema: VL_SCHEMA,
    title: {
      text: opts.title ?? LATENCY_DEFAULT_TITLE,
      subtitle: ["points: quantiles over the run; red ticks: the service's SLO target"],
      anchor: "start",
    },
    hconcat: (["TTFT (s)", "TPOT (s)"] as const)
      .filter((name) => points.some((p) => p.panel === name))
      .map(panel),
    config: baseConfig(),
  };
}
