import "server-only";
// The app's audit entries of an export (the admin page's download), with the acting admin. The entry
// itself is audit-entry.ts; the CLI writes the same entries without Prisma (pipeline-audit-cli.ts).
import type { ActiveUser } from "../auth/actor";
import type { db } from "../db/client";
import { recordAudit } from "../admin/audit";
import { exportAuditEntry, type ExportOutcome } from "./audit-entry";
import type { ExportRequest } from "./source-input";

export type { ExportStatus } from "./audit-entry";

export async function recordExportAudit(
  client: ReturnType<typeof db>,
  actor: ActiveUser,
  exportId: string,
  request: ExportRequest,
  outcome: ExportOutcome,
): Promise<void> {
  await recordAudit(client, actor, exportAuditEntry(exportId, request, outcome));
}
