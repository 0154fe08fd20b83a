import type { ExportRequest } from "@/lib/export/export-input";

const none = (values: readonly string[]) => (values.length === 0 ? "any" : values.join(", "));

/** The filters and options a dataset was exported with, as saved. */
export function RequestFacts({ request }: { request: ExportRequest }) {
  const { filters, options } = request;
  const facts: [string, string][] = [
    ["Format", request.format],
    ["From", filters.since ?? "any"],
    ["Until", filters.until ?? "any"],
    ["Models", none(filters.models)],
    ["Rating", filters.rating ?? "any"],
    ["Reasons", none(filters.reasons)],
    ["Review status", filters.reviewStatus ?? "pending and reviewed"],
    ["Users", none(filters.users)],
    ["Sources", none(filters.sources)],
    ["Redact PII", options.redact ? "yes" : "no"],
    ["Deduplicate", options.dedupe ? "yes" : "no"],
    [
      "Split",
      options.split
        ? `${options.split.trainShare} training (seed “${options.split.seed}”)`
        : "none (training file only)",
    ],
    ["Maximum rows", options.maxRows === null ? "no limit" : String(options.maxRows)],
  ];
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {facts.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-zinc-500">{label}</dt>
          <dd className="break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
