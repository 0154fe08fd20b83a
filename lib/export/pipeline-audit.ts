import "server-only";
// Every export is in the audit log: one entry when it starts (who, when, format, filters, options) and
// one when it ends (completed, cancelled or failed, with its row counts), both under the export's id.
// The log is append-only, and the counts exist only at the end; the first entry keeps an export on
// record even if the process dies before the second.
import type { ActiveUser } from "../auth/actor";
import type { db } from "../db/client";
import { recordAudit } from "../admin/audit";
import type { ExportRequest } from "./source-input";

export type ExportStatus = "started" | "completed" | "cancelled" | "failed";
/** The CLI runs without a signed-in admin: its entries name "cli" as the actor. */
export const CLI_ACTOR = "cli";

type Counts = { conversations: number; lines: { train: number; validation: number } };

export async function recordExportAudit(
  client: ReturnType<typeof db>,
  actor: ActiveUser | typeof CLI_ACTOR,
  exportId: string,
  request: ExportRequest,
  outcome: { status: ExportStatus; progress?: Counts },
): Promise<void> {
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
  const entry = { action: "export.download", targetType: "export", targetId: exportId, details } as const;
  if (actor !== CLI_ACTOR) {
    await recordAudit(client, actor, entry);
    return;
  }
  await client.auditLog.create({ data: { actorId: null, actorEmail: CLI_ACTOR, ...entry } });
}
