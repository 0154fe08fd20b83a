import "server-only";
import type { db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";

export type TrialWindow = {
  /** When the current (or last) trial started; null when none ever ran. */
  startedAt: Date | null;
  /** When it was stopped; null while it runs. */
  stoppedAt: Date | null;
};

/**
 * The trial's window, from its latest "settings.trial" audit line (found through the audit log's
 * (action, createdAt) index). The audit line is the trial's record: it says who started it and when,
 * and needs no column of its own.
 */
export async function readTrialWindow(
  client: Prisma.TransactionClient | ReturnType<typeof db>,
): Promise<TrialWindow> {
  const line = await client.auditLog.findFirst({
    where: { action: "settings.trial" },
    orderBy: { createdAt: "desc" },
    select: { details: true },
  });
  const details = line?.details;
  const at = (key: "startedAt" | "stoppedAt") => {
    const value = details && typeof details === "object" && !Array.isArray(details) ? details[key] : null;
    return typeof value === "string" ? new Date(value) : null;
  };
  return { startedAt: at("startedAt"), stoppedAt: at("stoppedAt") };
}
