import "server-only";
// The CLI's audit entries of an export (actor "cli"), written with `pg` alone: the CLI does not load
// the Prisma client (~110 MiB of its memory). The same row the app's Prisma write gives: the id from
// the column default, the time in UTC as Prisma writes `@default(now())`.
import { pool } from "../../db/pool";
import { INSERT_CLI_AUDIT } from "./cli-audit-sql";
import { CLI_ACTOR, exportAuditEntry, type ExportOutcome } from "./export-audit-entry";
import type { ExportRequest } from "../export-input";

export async function recordCliExportAudit(
  exportId: string,
  request: ExportRequest,
  outcome: ExportOutcome,
): Promise<void> {
  const entry = exportAuditEntry(exportId, request, outcome);
  await pool().query({
    ...INSERT_CLI_AUDIT,
    values: [CLI_ACTOR, entry.action, entry.targetType, entry.targetId, JSON.stringify(entry.details)],
  });
}
