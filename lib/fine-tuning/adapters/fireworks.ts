// Fireworks' fine-tuning API: account-scoped resources under /accounts/{accountId} (shared reference
// fine-tuning-apis.md). A file becomes a dataset (create, :upload, wait until ready); SFT jobs are
// supervisedFineTuningJobs, DPO jobs are the separate dpoJobs resource (its REST name and its
// trainingConfig body are from Fireworks' API reference for ListDpoJobs; creating one is unverified
// beyond that). A job's id here is its full resource name ("accounts/a/dpoJobs/x"), so reading it back
// needs no memory of which kind it was.
import "server-only";
import { randomBytes } from "node:crypto";
import { logger } from "@/lib/ops/logger";
import { checkSubmission, type CheckRules } from "./check";
import { providerCaller, UPLOAD_TIMEOUT_MS } from "./http";
import { formWithFile } from "./upload-form";
import {
  FineTuneProviderError,
  type FineTuneAdapter,
  type FineTuneCredentials,
  type FineTuneLimits,
  type FineTuneState,
  type JobEvent,
  type JobSnapshot,
} from "./types";

export const FIREWORKS_LIMITS: FineTuneLimits = {
  minExamples: 3,
  maxExamples: 3_000_000,
  // Larger files need a signed-URL flow this adapter does not speak.
  maxFileBytes: 150 * 1024 * 1024 - 1,
  methods: ["sft", "dpo"],
  // The suffix becomes the output model's id: a resource id of at most 63 characters (unverified).
  maxSuffixLength: 63,
};

// From the JobState enum in Fireworks' API reference. JOB_STATE_COMPLETED is listed there but was not
// confirmed by a second source (unverified); EARLY_STOPPED is a finished run with a model.
const STATES: Record<string, FineTuneState> = {
  JOB_STATE_VALIDATING: "validating",
  JOB_STATE_CREATING_INPUT_DATASET: "validating",
  JOB_STATE_CREATING: "queued",
  JOB_STATE_PENDING: "queued",
  JOB_STATE_RE_QUEUEING: "queued",
  JOB_STATE_IDLE: "queued",
  JOB_STATE_RUNNING: "running",
  JOB_STATE_WRITING_RESULTS: "running",
  // Asked to stop, not stopped yet: keep following until CANCELLED.
  JOB_STATE_CANCELLING: "running",
  JOB_STATE_COMPLETED: "succeeded",
  JOB_STATE_EARLY_STOPPED: "succeeded",
  JOB_STATE_FAILED: "failed",
  JOB_STATE_EXPIRED: "failed",
  JOB_STATE_CANCELLED: "cancelled",
  // Deleted on Fireworks: it will never produce a model.
  JOB_STATE_DELETING: "cancelled",
  JOB_STATE_DELETING_CLEANING_UP: "cancelled",
};

type FireworksJob = {
  name?: string;
  state?: string;
  status?: { code?: string; message?: string } | null;
  outputModel?: string | null;
  trainingConfig?: { outputModel?: string | null } | null;
  jobProgress?: { percent?: number; epoch?: number } | null;
  createTime?: string;
  completedTime?: string | null;
};

type FireworksDataset = {
  name?: string;
  state?: string;
  status?: { code?: string; message?: string } | null;
};

function describeFireworksError(body: unknown): string | null {
  if (typeof body === "string") return body.trim() && body.length < 300 ? body.trim() : null;
  const value = body as { error?: unknown; message?: unknown } | null;
  const error = value?.error;
  if (typeof error === "string" && error.trim()) return error.trim();
  const nested = (error as { message?: unknown } | null)?.message;
  if (typeof nested === "string" && nested.trim()) return nested.trim();
  return typeof value?.message === "string" && value.message.trim() ? value.message.trim() : null;
}

/** A resource path with each segment encoded ("accounts/a/dpoJobs/x" stays readable). */
const resourcePath = (name: string) => name.split("/").map(encodeURIComponent).join("/");

function accountOf(credentials: FineTuneCredentials): string {
  const account = credentials.accountId?.trim();
  if (!account) {
    throw new FineTuneProviderError(
      "invalid_input",
      "Fireworks: the account's Fireworks account id is missing.",
      {
        field: "accountId",
      },
    );
  }
  return account;
}

function datasetIdFor(fileName: string): string {
  const slug = fileName
    .toLowerCase()
    .replace(/\.jsonl$/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `flywheel-${slug || "data"}-${randomBytes(4).toString("hex")}`;
}

export type FireworksOptions = {
  /** Between two reads of a dataset that is still being processed. */
  datasetPollMs?: number;
  /** How long an upload waits for its dataset to be ready before giving up (it can be retried). */
  datasetWaitMs?: number;
};

export function createFireworksAdapter(options: FireworksOptions = {}): FineTuneAdapter {
  const provider = "Fireworks";
  const pollMs = options.datasetPollMs ?? 1000;
  const waitMs = options.datasetWaitMs ?? 120_000;
  const rules: CheckRules = {
    provider,
    limits: FIREWORKS_LIMITS,
    // Ranges are unverified beyond "positive"; the upper bounds keep typos out.
    hyperparameters: {
      epochs: { min: 1, max: 100, integer: true },
      learningRate: { min: 0, max: 1, exclusiveMin: true },
      loraRank: { min: 1, max: 64, integer: true },
      // Fireworks' batch size counts tokens per packed batch, not examples.
      batchSize: { min: 1, max: 1_048_576, integer: true },
    },
    suffixPattern: {
      pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
      explain: "Fireworks model ids use lowercase letters, digits and dashes (not at either end).",
    },
  };

  const call = providerCaller(provider, describeFireworksError);

  function snapshot(job: FireworksJob): JobSnapshot {
    const raw = job.state ?? "JOB_STATE_UNSPECIFIED";
    let state = STATES[raw];
    if (!state) {
      logger.warn("fine-tuning: unknown Fireworks job state, treated as running", {
        state: raw,
        job: job.name,
      });
      state = "running";
    }
    return {
      providerJobId: job.name ?? "",
      state,
      providerStatus: raw,
      fineTunedModel:
        state === "succeeded" ? (job.outputModel ?? job.trainingConfig?.outputModel ?? null) : null,
      error:
        state === "failed"
          ? job.status?.message?.trim() || `Fireworks reported the job as failed (${raw}) without a message.`
          : null,
    };
  }

  async function waitUntilReady(
    credentials: FineTuneCredentials,
    name: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const dataset = await call<FireworksDataset>(credentials, "GET", resourcePath(name), { signal });
      const state = dataset?.state ?? "";
      // "READY" is the value seen in Fireworks' docs and tools (unverified against a second source).
      if (state === "READY") return;
      if (/FAIL|ERROR|INVALID/.test(state)) {
        throw new FineTuneProviderError(
          "invalid_input",
          `Fireworks: the dataset could not be processed (${state})${dataset.status?.message ? `: ${dataset.status.message}` : "."}`,
        );
      }
      if (Date.now() + pollMs > deadline) {
        throw new FineTuneProviderError(
          "unavailable",
          `Fireworks is still processing the dataset (${state || "no state"}); try again later.`,
        );
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, pollMs);
        signal?.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            reject(signal.reason as Error);
          },
          { once: true },
        );
      });
    }
  }

  return {
    kind: "fireworks",
    limits: FIREWORKS_LIMITS,

    settings: { hyperparameters: rules.hyperparameters, seed: rules.seed ?? null },

    check(files, input) {
      // No beta: the DPO job resource shows no such field in Fireworks' reference, so it is refused.
      checkSubmission(rules, files, input);
    },

    async uploadFile(credentials, file, signal) {
      const account = accountOf(credentials);
      const datasetId = datasetIdFor(file.name);
      const created = await call<FireworksDataset>(
        credentials,
        "POST",
        `accounts/${encodeURIComponent(account)}/datasets`,
        { json: { datasetId, dataset: { displayName: file.name, userUploaded: {} } }, signal },
      );
      const name = created?.name ?? `accounts/${account}/datasets/${datasetId}`;
      const form = await formWithFile(file, "file", {});
      await call(credentials, "POST", `${resourcePath(name)}:upload`, {
        form,
        signal,
        timeoutMs: UPLOAD_TIMEOUT_MS,
      });
      await waitUntilReady(credentials, name, signal);
      return name;
    },

    async createJob(credentials, input, signal) {
      const account = accountOf(credentials);
      const h = input.hyperparameters;
      const outputModel = input.suffix ? `accounts/${account}/models/${input.suffix}` : undefined;
      const training = {
        baseModel: input.baseModel,
        ...(outputModel ? { outputModel } : {}),
        ...(h.epochs != null ? { epochs: h.epochs } : {}),
        ...(h.learningRate != null ? { learningRate: h.learningRate } : {}),
        ...(h.loraRank != null ? { loraRank: h.loraRank } : {}),
        ...(h.batchSize != null ? { batchSize: h.batchSize } : {}),
      };
      const common = {
        displayName: input.suffix ?? `flywheel ${input.method}`,
        dataset: input.trainingFileId,
        ...(input.validationFileId ? { evaluationDataset: input.validationFileId } : {}),
      };
      const [path, body] =
        input.method === "dpo"
          ? ["dpoJobs", { ...common, trainingConfig: training }]
          : ["supervisedFineTuningJobs", { ...common, ...training }];
      const job = await call<FireworksJob>(
        credentials,
        "POST",
        `accounts/${encodeURIComponent(account)}/${path}`,
        {
          json: body,
          signal,
        },
      );
      return snapshot(job);
    },

    async getJob(credentials, providerJobId, signal) {
      return snapshot(await call<FireworksJob>(credentials, "GET", resourcePath(providerJobId), { signal }));
    },

    async listEvents(credentials, providerJobId, after, signal) {
      // Fireworks keeps no event list for a job that we know of (its metrics file endpoint is
      // unverified), so the events are made from what the job says now: its creation, its progress
      // and its state, each with an id stable across polls. No loss metrics for Fireworks.
      const job = await call<FireworksJob>(credentials, "GET", resourcePath(providerJobId), { signal });
      const created = job.createTime ? new Date(job.createTime) : new Date(0);
      const events: JobEvent[] = [
        { id: "created", createdAt: created, level: "info", message: "Job created" },
      ];
      const progress = job.jobProgress;
      if (progress && typeof progress.percent === "number") {
        events.push({
          id: `progress-${progress.percent}`,
          createdAt: new Date(),
          level: "info",
          message: `Training ${progress.percent}% done${typeof progress.epoch === "number" ? ` (epoch ${progress.epoch})` : ""}`,
        });
      }
      const state = job.state ?? "JOB_STATE_UNSPECIFIED";
      const mapped = STATES[state];
      events.push({
        id: `state-${state}`,
        createdAt: job.completedTime ? new Date(job.completedTime) : new Date(),
        level: mapped === "failed" ? "error" : "info",
        message:
          mapped === "failed" && job.status?.message
            ? `${state}: ${job.status.message}`
            : `Job state: ${state}`,
      });
      // An `after` no longer listed (progress moved on) returns all: the caller keeps events unique
      // per job (FineTuneEvent's [jobId, providerEventId]), so a repeat is harmless.
      const known = after ? events.findIndex((event) => event.id === after) : -1;
      return known >= 0 ? events.slice(known + 1) : events;
    },

    async cancelJob(credentials, providerJobId, signal) {
      // ":cancel" follows Fireworks' custom-method style (as ":upload"); unverified for jobs.
      const answer = await call<FireworksJob | undefined>(
        credentials,
        "POST",
        `${resourcePath(providerJobId)}:cancel`,
        {
          signal,
        },
      );
      if (answer?.state) return snapshot({ name: providerJobId, ...answer });
      return snapshot(await call<FireworksJob>(credentials, "GET", resourcePath(providerJobId), { signal }));
    },
  };
}
