import "server-only";
import { db } from "../db/client";
import { AppError, notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { requireAdmin, type Actor } from "../auth/actor";
import { recordAudit } from "../audit/record-audit";
import { adapterFor } from "./adapters";
import { FineTuneProviderError } from "./adapters/types";
import { jobCredentials } from "./credentials";
import { jobIdInput } from "./schemas";

const FINAL = ["succeeded", "failed", "cancelled"] as const;

/**
 * "Cancel": asks the provider to stop the job (when it has one there yet) and records what it says.
 * A job still uploading is cancelled here at once; the poller creates nothing for a cancelled job.
 */
export async function cancelFineTuneJob(actor: Actor, raw: unknown): Promise<{ status: string }> {
  const admin = await requireAdmin(actor);
  const { jobId } = parseInput(jobIdInput, raw, "Invalid input.");
  const job = await db().fineTuneJob.findUnique({ where: { id: jobId } });
  if (!job) throw notFound("Job not found.");
  if ((FINAL as readonly string[]).includes(job.status)) {
    throw new AppError(
      "CONFLICT",
      `This job has already ${job.status === "cancelled" ? "been cancelled" : job.status}.`,
    );
  }
  let status: (typeof job)["status"] = "cancelled";
  let providerStatus = job.providerStatus;
  if (job.providerJobId) {
    try {
      const snapshot = await adapterFor(job.kind).cancelJob(await jobCredentials(job), job.providerJobId);
      // Some providers confirm later (Together's cancel_requested): the poller sees it through.
      status = snapshot.state;
      providerStatus = snapshot.providerStatus;
    } catch (error) {
      if (error instanceof FineTuneProviderError) {
        throw new AppError("CONFLICT", `The provider did not cancel the job: ${error.message}`);
      }
      throw error;
    }
  }
  const final = (FINAL as readonly string[]).includes(status);
  await db().$transaction(async (tx) => {
    await tx.fineTuneJob.update({
      where: { id: jobId },
      data: {
        status,
        providerStatus,
        ...(final ? { finishedAt: new Date(), leaseOwner: null, leaseUntil: null } : {}),
      },
    });
    await recordAudit(tx, admin, {
      action: "finetuneJob.cancel",
      targetType: "finetuneJob",
      targetId: jobId,
      details: { before: job.status, after: status },
    });
  });
  return { status };
}

/**
 * "Resume polling": a job that failed because of its credentials or a long outage is followed again,
 * once the key is fixed. The next round reads its real status from the provider.
 */
export async function resumeFineTuneJob(actor: Actor, raw: unknown): Promise<{ status: string }> {
  const admin = await requireAdmin(actor);
  const { jobId } = parseInput(jobIdInput, raw, "Invalid input.");
  return db().$transaction(async (tx) => {
    const job = await tx.fineTuneJob.findUnique({ where: { id: jobId } });
    if (!job) throw notFound("Job not found.");
    if (job.status !== "failed") throw new AppError("CONFLICT", "Only a failed job can be resumed.");
    const status = job.providerJobId ? "running" : "uploading";
    await tx.fineTuneJob.update({
      where: { id: jobId },
      data: {
        status,
        error: null,
        finishedAt: null,
        pollFailures: 0,
        nextPollAt: new Date(),
        leaseOwner: null,
        leaseUntil: null,
      },
    });
    await recordAudit(tx, admin, {
      action: "finetuneJob.resume",
      targetType: "finetuneJob",
      targetId: jobId,
      details: { error: job.error ?? "" },
    });
    return { status };
  });
}
