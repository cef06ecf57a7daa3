/**
 * Reads a numeric column from CSV text (traces such as the Philly job runtimes).
 * Pure: the caller reads the file; errors name the line of a malformed row.
 */

export class TraceFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = "TraceFormatError";
  }
}

/**
 * Returns the values of `column` (default: the first column). Blank lines are skipped.
 * @throws TraceFormatError naming the line of a missing column or a non-numeric cell.
 */
export function readCsvColumn(text: string, column?: string): Float64Array {
  const lines = text.split(/\r?\n/);
  const header = lines[0].split(",").map((h) => h.trim());
  const idx = column === undefined ? 0 : header.indexOf(column);
  if (idx < 0) {
    throw new TraceFormatError(1, `no column '${column}'; columns: ${header.join(", ")}`);
  }
  const out = new Float64Array(lines.length);
  let n = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") continue;
    const cells = line.split(",");
    const cell = cells[idx]?.trim();
    const v = cell === undefined || cell === "" ? NaN : Number(cell);
    if (!Number.isFinite(v)) {
      throw new TraceFormatError(
        i + 1,
        `column '${header[idx]}': not a number: ${JSON.stringify(cell ?? "")}`,
      );
    }
    out[n++] = v;
  }
  return out.slice(0, n);
}
