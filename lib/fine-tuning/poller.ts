import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "../db/client";
import type { FineTuneJob } from "../db/generated/client";
import { datasetForTraining } from "../datasets/trainable";
import { adapterFor } from "./adapters";
import {
  FineTuneProviderError,
  type FineTuneAdapter,
  type FineTuneCredentials,
  type FineTuneHyperparameters,
  type JobSnapshot,
} from "./adapters/types";
import { jobCredentials } from "./credentials";
import { claimDueJobsSql } from "./jobs-sql";
import { backoffMs, MAX_POLL_FAILURES, POLL_EVERY_MS } from "./backoff";
import { registerJobResult } from "./register-model";

// The background poller (docs/fine-tuning.md, "The poller"). Every instance runs it every few
// seconds; a job is worked on by whichever instance leased it (jobs-sql.ts), and everything it has
// learnt (file ids, the provider's job id, events) is in the job's row as soon as it is known, so a
// restart or another instance carries on where the last one stopped, without a second upload.

/** This process's name on a lease: one per process, so two instances never share one. */
const PROCESS_OWNER = `${process.pid}-${randomUUID()}`;
/** Longer than one step can take (an upload has its own timeout well below it). */
const LEASE_MS = 5 * 60_000;
const STEP_TIMEOUT_MS = 4 * 60_000;
const JOBS_PER_ROUND = 5;

export type PollOptions = {
  /** The lease owner; tests pass one per simulated instance. */
  owner?: string;
  /** The wait before the next look at a job that answered (tests make it 0). */
  pollEveryMs?: number;
};

const FINAL = new Set(["succeeded", "failed", "cancelled"]);

/** One round: claims the due jobs and takes each one step further. Resolves to the jobs it worked on. */
export async function pollFineTuneJobs(options: PollOptions = {}): Promise<string[]> {
  const owner = options.owner ?? PROCESS_OWNER;
  const claimed = await db().$queryRaw<{ id: string }[]>(claimDueJobsSql(owner, LEASE_MS, JOBS_PER_ROUND));
  for (const { id } of claimed) await stepJob(id, owner, options.pollEveryMs ?? POLL_EVERY_MS);
  return claimed.map((row) => row.id);
}

/** Writes to a job only while this owner still holds its lease and the job is not final (cancelled). */
async function updateLeased(
  jobId: string,
  owner: string,
  data: Parameters<ReturnType<typeof db>["fineTuneJob"]["updateMany"]>[0]["data"],
) {
  const { count } = await db().fineTuneJob.updateMany({
    where: { id: jobId, leaseOwner: owner, status: { notIn: ["succeeded", "failed", "cancelled"] } },
    data,
  });
  return count === 1;
}

async function stepJob(jobId: string, owner: string, pollEveryMs: number): Promise<void> {
  const job = await db().fineTuneJob.findUnique({ where: { id: jobId } });
  if (!job || job.leaseOwner !== owner) return;
  const signal = AbortSignal.timeout(STEP_TIMEOUT_MS);
  try {
    const credentials = await jobCredentials(job);
    const adapter = adapterFor(job.kind);
    if (!job.providerJobId) await uploadAndCreate(job, owner, adapter, credentials, signal);
    else await follow(job, owner, adapter, credentials, signal);
    await db().fineTuneJob.updateMany({
      where: { id: jobId, leaseOwner: owner },
      data: {
        pollFailures: 0,
        nextPollAt: new Date(Date.now() + pollEveryMs),
        leaseOwner: null,
        leaseUntil: null,
      },
    });
  } catch (error) {
    await recordFailure(job, owner, error);
  }
}

async function uploadAndCreate(
  job: FineTuneJob,
  owner: string,
  adapter: FineTuneAdapter,
  credentials: FineTuneCredentials,
  signal: AbortSignal,
): Promise<void> {
  if (!job.datasetId) {
    throw new FineTuneProviderError(
      "invalid_input",
      "The dataset was deleted before the job reached the provider.",
    );
  }
  let training: Awaited<ReturnType<typeof datasetForTraining>>;
  try {
    training = await datasetForTraining(job.datasetId);
  } catch (error) {
    // Flagged or deleted since the job was started: no training on withdrawn data.
    throw new FineTuneProviderError(
      "invalid_input",
      error instanceof Error ? error.message : "The dataset cannot be trained on.",
    );
  }
  let trainingFileId = job.trainingFileId;
  if (!trainingFileId) {
    trainingFileId = await adapter.uploadFile(credentials, training.train, signal);
    if (!(await updateLeased(job.id, owner, { trainingFileId }))) return;
  }
  let validationFileId = job.validationFileId;
  if (training.validation && !validationFileId) {
    validationFileId = await adapter.uploadFile(credentials, training.validation, signal);
    if (!(await updateLeased(job.id, owner, { validationFileId }))) return;
  }
  // Cancelled while uploading: nothing is created on the provider.
  const current = await db().fineTuneJob.findUnique({
    where: { id: job.id },
    select: { status: true, leaseOwner: true },
  });
  if (!current || current.leaseOwner !== owner || FINAL.has(current.status)) return;
  const snapshot = await adapter.createJob(
    credentials,
    {
      baseModel: job.baseModel,
      method: job.method === "dpo" ? "dpo" : "sft",
      trainingFileId,
      validationFileId,
      hyperparameters: job.hyperparameters as FineTuneHyperparameters,
      suffix: job.suffix,
      seed: job.seed,
    },
    signal,
  );
  await applySnapshot(job.id, owner, snapshot, { providerJobId: snapshot.providerJobId });
}

async function follow(
  job: FineTuneJob,
  owner: string,
  adapter: FineTuneAdapter,
  credentials: FineTuneCredentials,
  signal: AbortSignal,
): Promise<void> {
  const providerJobId = job.providerJobId as string;
  // The status first, then the events: the events of a job that just finished are read in this same
  // round, which is its last.
  const snapshot = await adapter.getJob(credentials, providerJobId, signal);
  const last = await db().fineTuneEvent.findFirst({
    where: { jobId: job.id },
    orderBy: { createdAt: "desc" },
    select: { providerEventId: true },
  });
  const events = await adapter.listEvents(credentials, providerJobId, last?.providerEventId ?? null, signal);
  if (events.length > 0) {
    // Unique per provider event id: an event read twice (two pages, a retried round) is stored once.
    await db().fineTuneEvent.createMany({
      data: events.map((event) => ({
        jobId: job.id,
        providerEventId: event.id,
        createdAt: event.createdAt,
        level: event.level,
        message: event.message.slice(0, 4000),
        step: event.step ?? null,
        trainLoss: finite(event.trainLoss),
        validLoss: finite(event.validLoss),
      })),
      skipDuplicates: true,
    });
  }
  await applySnapshot(job.id, owner, snapshot, {});
}

function finite(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

async function applySnapshot(
  jobId: string,
  owner: string,
  snapshot: JobSnapshot,
  extra: { providerJobId?: string },
): Promise<void> {
  const final = FINAL.has(snapshot.state);
  const ok = await updateLeased(jobId, owner, {
    ...extra,
    status: snapshot.state,
    providerStatus: snapshot.providerStatus,
    ...(snapshot.fineTunedModel ? { fineTunedModel: snapshot.fineTunedModel } : {}),
    ...(snapshot.state === "failed"
      ? { error: snapshot.error ?? "The provider reported that the job failed, without a reason." }
      : {}),
    ...(final ? { finishedAt: new Date(), leaseOwner: null, leaseUntil: null } : {}),
  });
  if (ok && snapshot.state === "succeeded") await registerJobResult(jobId);
}

/** What a job's failure page says, from the adapter's plain message. */
function failureMessage(error: FineTuneProviderError): string {
  switch (error.code) {
    case "unauthorized":
      return `The provider refused the credentials: ${error.message} Fix the API key of this job's account, then press "Resume polling".`;
    case "refused":
      return `The provider refused: ${error.message}`;
    case "not_found":
      return `The provider does not know it: ${error.message}`;
    default:
      return error.message;
  }
}

async function recordFailure(job: FineTuneJob, owner: string, error: unknown): Promise<void> {
  const providerError = error instanceof FineTuneProviderError ? error : null;
  if (providerError && !providerError.transient) {
    await db().fineTuneJob.updateMany({
      where: { id: job.id, leaseOwner: owner, status: { notIn: ["succeeded", "failed", "cancelled"] } },
      data: {
        status: "failed",
        error: failureMessage(providerError),
        finishedAt: new Date(),
        leaseOwner: null,
        leaseUntil: null,
      },
    });
    return;
  }
  // A transient failure (rate limit, outage, timeout) or one of ours (the database, a bug): back off.
  if (!providerError)
    console.error(`Fine-tuning job ${job.id}:`, error instanceof Error ? error.message : error);
  const failures = job.pollFailures + 1;
  if (failures >= MAX_POLL_FAILURES) {
    await db().fineTuneJob.updateMany({
      where: { id: job.id, leaseOwner: owner },
      data: {
        status: "failed",
        error: `The provider did not answer for ${failures} attempts in a row (last: ${
          providerError?.message ?? "an internal error"
        }). Press "Resume polling" once it is back.`,
        finishedAt: new Date(),
        pollFailures: failures,
        leaseOwner: null,
        leaseUntil: null,
      },
    });
    return;
  }
  await db().fineTuneJob.updateMany({
    where: { id: job.id, leaseOwner: owner },
    data: {
      pollFailures: failures,
      nextPollAt: new Date(Date.now() + backoffMs(failures, providerError?.retryAfterMs ?? null)),
      leaseOwner: null,
      leaseUntil: null,
    },
  });
}
