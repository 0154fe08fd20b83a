import "server-only";
import { markInterruptedAnswers, SWEEP_EVERY_MS } from "./chat/interrupted-answers";
import { purgeExpiredData } from "./purge-expired-data";
import { resealProviderSecrets } from "./models/admin/reseal-secrets";
import { databaseOutage } from "./db/outage-log";
import { isDatabaseUnavailable } from "./db/unavailable";
import { runEvaluationsTick } from "./evaluation/runner";
import { pollFineTuneJobs } from "./fine-tuning/poller";
import { resealAccountKeys } from "./fine-tuning/reseal-account-keys";

const PURGE_EVERY_MS = 5 * 60_000;
const EVALUATIONS_EVERY_MS = 5_000;
const FINE_TUNE_POLL_MS = 5_000;

/** A job's failure: through the database's outage log (once a minute, no address) when it is down. */
function reportFailure(job: string, error: unknown): void {
  if (isDatabaseUnavailable(error)) databaseOutage().failed(error, job.toLowerCase());
  else console.error(`${job} failed:`, error instanceof Error ? error.message : error);
}

function every(ms: number, firstAfterMs: number, job: string, work: () => Promise<unknown>): void {
  const run = () => void work().catch((error: unknown) => reportFailure(job, error));
  setTimeout(run, firstAfterMs).unref();
  setInterval(run, ms).unref();
}

/**
 * The periodic work of every instance, started once at start-up (instrumentation.ts). Each job is
 * idempotent, so every instance runs it and several instances need no coordination. The timers never
 * keep a process alive.
 */
export function startBackgroundJobs(): void {
  // At once: answers a crash left `streaming` are closed at start-up, not only at the next sweep.
  every(SWEEP_EVERY_MS, 0, "Marking interrupted answers", () => markInterruptedAnswers());
  every(PURGE_EVERY_MS, 10_000, "Purging expired data", () => purgeExpiredData());
  // Held-out replays (lib/evaluation/runner.ts): a lease makes one instance run each evaluation.
  every(EVALUATIONS_EVERY_MS, 5_000, "Running evaluations", () => runEvaluationsTick());
  // Fine-tuning jobs: each due job is leased by one instance at a time (lib/fine-tuning/jobs-sql.ts).
  every(FINE_TUNE_POLL_MS, 3_000, "Polling fine-tuning jobs", () => pollFineTuneJobs());
  // After an ENCRYPTION_KEY rotation: provider and fine-tuning account secrets sealed with the old key
  // get the new one.
  once(2_000, "Resealing provider secrets", async () => {
    const providers = await resealProviderSecrets();
    const accounts = await resealAccountKeys();
    const resealed = providers.resealed + accounts.resealed;
    const unreadable = providers.unreadable + accounts.unreadable;
    if (resealed > 0)
      console.info(
        `Resealed ${resealed} provider or fine-tuning account secret(s) with the current ENCRYPTION_KEY.`,
      );
    if (unreadable > 0) {
      console.warn(
        `${unreadable} secret(s) open with no configured key: re-enter them in Admin → Models or Admin → Fine-tuning.`,
      );
    }
  });
}

function once(afterMs: number, job: string, work: () => Promise<unknown>): void {
  setTimeout(() => void work().catch((error: unknown) => reportFailure(job, error)), afterMs).unref();
}
