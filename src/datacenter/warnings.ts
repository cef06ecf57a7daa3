/**
 * Every warning the simulated world can raise, in one catalog: each is a function of its
 * values, so tests compare against the same function the code uses.
 */
export const WARNINGS = {
  jobTooLarge: (workload: string, count: number, largestPool: number) =>
    `${count} job${count === 1 ? "" : "s"} of '${workload}' asked for more accelerators than any eligible pool can give training (largest ${largestPool}) and ${count === 1 ? "was" : "were"} rejected`,
  jobStranded: (workload: string, count: number) =>
    `${count} job${count === 1 ? "" : "s"} of '${workload}' could no longer start in any eligible pool once retirements took the room, and ${count === 1 ? "was" : "were"} rejected`,
  modelDoesNotFit: (workload: string, count: number, reason: string) =>
    `${count} job${count === 1 ? "" : "s"} of '${workload}' fit no eligible pool and ${count === 1 ? "was" : "were"} rejected: ${reason}`,
  heldForPower: (count: number) =>
    `${count} job${count === 1 ? " was" : "s were"} held back at least once because even the lowest clock could not keep the site within its power cap or hall budget with the job running`,
  capExceeded: (site: string) =>
    `site '${site}' went over its power cap or a hall budget even at the lowest clock (inference load, which is not held back; a cap below the load already running; or deliveries burning in or idling beyond it)`,
} as const;

export type WarningCode = keyof typeof WARNINGS;

/** Counts warnings by code and subject, and renders them once at the end. */
export class WarningLog {
  private readonly entries = new Map<
    string,
    { count: number; render: (count: number) => string }
  >();

  /** Counts one occurrence; `render` builds the message from the final count. */
  add(key: string, render: (count: number) => string): void {
    const e = this.entries.get(key);
    if (e) e.count++;
    else this.entries.set(key, { count: 1, render });
  }

  /** Messages in the order first raised. */
  messages(): string[] {
    return [...this.entries.values()].map((e) => e.render(e.count));
  }
}
