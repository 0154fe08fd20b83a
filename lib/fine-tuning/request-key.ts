import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level, so equal requests give equal text whatever their order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The job's request key: two starts of the same training on the same data are one job. */
export function requestKeyOf(request: unknown): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}
