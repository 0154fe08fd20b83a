// What the audit log says about an export: one entry when it starts (who, when, format, filters,
// options) and one when it ends (completed, cancelled or failed, with its row counts), both under the
// export's id. The log is append-only, and the counts exist only at the end; the first entry keeps an
// export on record even if the process dies before the second. Pure: the app writes the entry with
// Prisma (record-export-audit.ts), the CLI with `pg` alone (record-cli-export-audit.ts).
import type { ExportRequest } from "../export-input";

export type ExportStatus = "started" | "completed" | "cancelled" | "failed";
/** The CLI runs without a signed-in admin: its entries name "cli" as the actor. */
export const CLI_ACTOR = "cli";

export type ExportOutcome = {
  status: ExportStatus;
  progress?: { conversations: number; lines: { train: number; validation: number } };
};

export function exportAuditEntry(exportId: string, request: ExportRequest, outcome: ExportOutcome) {
  const { progress } = outcome;
  const details = {
    status: outcome.status,
    format: request.format,
    ...(progress
      ? {
          rows: progress.lines.train + progress.lines.validation,
          train: progress.lines.train,
          validation: progress.lines.validation,
          conversations: progress.conversations,
        }
      : {}),
    filters: request.filters,
    options: request.options,
  };
  return { action: "export.download", targetType: "export", targetId: exportId, details } as const;
}
