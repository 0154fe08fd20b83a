import "server-only";
// The app's audit entries of an export (the admin page's download), with the acting admin. The entry itself
// is export-audit-entry.ts; the CLI writes the same entries without Prisma (record-cli-export-audit.ts).
import type { ActiveUser } from "../../auth/actor";
import type { db } from "../../db/client";
import { recordAudit } from "../../audit/record-audit";
import { exportAuditEntry, type ExportOutcome } from "./export-audit-entry";
import type { ExportRequest } from "../export-input";

export type { ExportStatus } from "./export-audit-entry";

export async function recordExportAudit(
  client: ReturnType<typeof db>,
  actor: ActiveUser,
  exportId: string,
  request: ExportRequest,
  outcome: ExportOutcome,
): Promise<void> {
  await recordAudit(client, actor, exportAuditEntry(exportId, request, outcome));
}
