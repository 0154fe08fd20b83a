import "server-only";
import { type db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { ActiveUser } from "../auth/actor";
import type { AuditAction } from "./audit-actions";

type Db = ReturnType<typeof db>;
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export type { AuditAction } from "./audit-actions";

export type AuditEntry = {
  action: AuditAction;
  targetType:
    | "feedback"
    | "comparison"
    | "message"
    | "user"
    | "export"
    | "provider"
    | "model"
    | "budget"
    | "apiKey"
    | "settings"
    | "preset"
    | "dataset"
    | "finetuneAccount"
    | "finetuneJob"
    | "evaluation";
  targetId?: string | null;
  /** Small facts (new status, filters, counts) — never conversation text. */
  details?: Prisma.InputJsonObject;
};

/**
 * Appends one line to the audit log. Pass the transaction that makes the change, so the change and
 * its record commit together or not at all.
 */
export async function recordAudit(client: Db | Tx, actor: ActiveUser, entry: AuditEntry): Promise<void> {
  await client.auditLog.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      details: entry.details ?? {},
    },
  });
}
