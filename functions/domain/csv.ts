/**
 * CSV for Danish Excel: UTF-8 with a byte order mark (so æøå show), `;` between fields (Danish Excel's
 * list separator, since `,` is the decimal comma), CRLF line ends and RFC 4180 quoting.
 */
export function danishExcelCsv(rows: readonly (readonly string[])[]): string {
  const width = Math.max(0, ...rows.map((row) => row.length));
  return danishExcelDocument(rows.map((row) => csvLine(row, width)));
}

/** One row as a finished line (CRLF included), padded to `width` fields. */
export function csvLine(row: readonly string[], width = row.length): string {
  return `${Array.from({ length: width }, (_, i) => csvField(row[i] ?? '')).join(';')}\r\n`;
}

/** Finished lines as the document Danish Excel opens: the byte order mark, then the lines. */
export function danishExcelDocument(lines: readonly string[]): string {
  return `\uFEFF${lines.join('')}`;
}

/**
 * One field: text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first: the form is public) is
 * prefixed with `'`; a field holding the separator, a quote or a line break is quoted, quotes doubled.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
