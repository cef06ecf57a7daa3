import { paramError } from "./param-errors.js";
import { Stream } from "./stream.js";

/**
 * The experiment's named random streams, all derived from one seed.
 *
 * Stream `name` is seeded from the string `aidcsim:${seed}:${name}` alone, so a stream's draws
 * depend only on the seed and its own name: adding, removing or reordering other streams never
 * shifts them, and two scenarios run with the same seed share common random numbers stream by
 * stream. A numeric seed and its decimal string (42 and "42") name the same streams.
 *
 * Names are paths by convention, e.g. `"inference/chat/arrivals"`, `"failures/hall-a/rg-3"`.
 */
export class Streams {
  /** The experiment seed every stream derives from. */
  readonly seed: number | string;
  private readonly streams = new Map<string, Stream>();

  /**
   * @throws RangeError if a numeric seed is not finite, or a string seed is empty or contains ":"
   *   (which would let two (seed, name) pairs build the same key).
   */
  constructor(seed: number | string) {
    if (typeof seed === "number") {
      if (!Number.isFinite(seed)) paramError("Streams", "seed", "a finite number", seed);
    } else if (seed.length === 0 || seed.includes(":")) {
      paramError("Streams", "seed", 'a non-empty string without ":"', JSON.stringify(seed));
    }
    this.seed = seed;
  }

  /**
   * The stream with this name, created on first use; later calls return the same object, which
   * continues where the last draw left off.
   * @throws RangeError if name is empty.
   */
  get(name: string): Stream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      if (name.length === 0) paramError("Streams.get", "name", "non-empty", '""');
      stream = new Stream(name, `aidcsim:${this.seed}:${name}`);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
