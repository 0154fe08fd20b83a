// CSV as spreadsheets read it (RFC 4180): a cell with a comma, a quote or a line break is quoted, its
// quotes doubled. A text cell that starts with = + - @ (or a tab or carriage return) would run as a
// formula in Excel, LibreOffice or Google Sheets (CSV injection): it gets a leading apostrophe, which
// they show as text. Numbers are written as they are.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number): string {
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: readonly (string | number)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
