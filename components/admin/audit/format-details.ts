/** Longest value shown in the list; details are small by design, this only guards the layout. */
const MAX_VALUE = 120;

function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

/** An audit row's details as compact text: `status: reviewed, rows: 120`. Rendered as text, never HTML. */
export function formatDetails(details: unknown): string {
  if (details === null || details === undefined) return "";
  if (typeof details !== "object" || Array.isArray(details)) return show(details);
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${show(value)}`)
    .join(", ");
}
