// OpenAI's fine-tuning API (/files + /fine_tuning/jobs), also used for any server that mimics it
// (kind "openai_compatible": a self-hosted trainer with another base URL). Shapes and status values are
// from the shared reference fine-tuning-apis.md. OpenAI takes no new jobs from 2027-01-06: its 403 on
// creation becomes a "refused" error that says so in plain words.
import "server-only";
import { logger } from "@/lib/ops/logger";
import { checkSubmission, type CheckRules } from "./check";
import { providerCaller, UPLOAD_TIMEOUT_MS } from "./http";
import { formWithFile } from "./upload-form";
import {
  FineTuneProviderError,
  type CreateJobInput,
  type FineTuneAdapter,
  type FineTuneCredentials,
  type FineTuneFile,
  type FineTuneLimits,
  type FineTuneState,
  type JobEvent,
  type JobSnapshot,
} from "./types";

const MB = 1024 * 1024;

export const OPENAI_LIMITS: FineTuneLimits = {
  minExamples: 10,
  // Larger files need the multi-part /uploads flow, which this adapter does not speak (yet).
  maxFileBytes: 512 * MB,
  methods: ["sft", "dpo"],
  maxSuffixLength: 64,
};

const STATUS: Record<string, FineTuneState> = {
  validating_files: "validating",
  queued: "queued",
  running: "running",
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
};

type OpenAIJob = {
  id: string;
  status?: string;
  fine_tuned_model?: string | null;
  error?: { code?: string | null; message?: string | null; param?: string | null } | null;
};

type OpenAIEvent = {
  id: string;
  created_at?: number;
  level?: string;
  message?: string;
  type?: string;
  data?: Record<string, unknown> | null;
};

/** Pages of events read newest first until the last one we know; bounded so a poll stays short. */
const EVENTS_PAGE = 100;
const EVENTS_MAX_PAGES = 10;

function describeOpenAIError(body: unknown): string | null {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  if (typeof message === "string" && message.trim()) return message.trim();
  return typeof body === "string" && body.trim() && body.length < 300 ? body.trim() : null;
}

const numberOrNull = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);

export function createOpenAIAdapter(kind: "openai" | "openai_compatible"): FineTuneAdapter {
  const provider = kind === "openai" ? "OpenAI" : "The OpenAI-compatible trainer";
  const rules: CheckRules = {
    provider: kind === "openai" ? "OpenAI" : "this OpenAI-compatible trainer",
    limits: OPENAI_LIMITS,
    hyperparameters: {
      epochs: { min: 1, max: 50, integer: true },
      batchSize: { min: 1, max: 256, integer: true },
      learningRateMultiplier: { min: 0, max: 10, exclusiveMin: true },
      beta: { min: 0, max: 2, exclusiveMin: true, method: "dpo" },
    },
    seed: { min: 0, max: 2147483647 },
  };

  const call = providerCaller(provider, describeOpenAIError);

  function snapshot(job: OpenAIJob): JobSnapshot {
    const raw = job.status ?? "unknown";
    let state = STATUS[raw];
    if (!state) {
      // A status we do not know (e.g. "paused" from /pause) is never final: keep following the job.
      logger.warn("fine-tuning: unknown OpenAI job status, treated as running", { status: raw, job: job.id });
      state = "running";
    }
    const error =
      state === "failed"
        ? (job.error?.message ?? `${provider} reported the job as failed without a message.`)
        : null;
    return {
      providerJobId: job.id,
      state,
      providerStatus: raw,
      fineTunedModel: job.fine_tuned_model ?? null,
      error,
    };
  }

  function toEvent(event: OpenAIEvent): JobEvent {
    const data = event.data ?? {};
    const metrics = event.type === "metrics";
    const level = event.level === "warn" || event.level === "error" ? event.level : "info";
    return {
      id: event.id,
      createdAt: new Date((event.created_at ?? 0) * 1000),
      level,
      message: event.message ?? "",
      step: metrics ? numberOrNull(data.step) : null,
      trainLoss: metrics ? numberOrNull(data.train_loss) : null,
      // OpenAI reports a batch validation loss and, at some steps, a full one: the full one is better.
      validLoss: metrics ? (numberOrNull(data.full_valid_loss) ?? numberOrNull(data.valid_loss)) : null,
    };
  }

  return {
    kind,
    limits: OPENAI_LIMITS,

    settings: { hyperparameters: rules.hyperparameters, seed: rules.seed ?? null },

    check(files, input) {
      checkSubmission(rules, files, input);
    },

    async uploadFile(credentials: FineTuneCredentials, file: FineTuneFile, signal?: AbortSignal) {
      const form = await formWithFile(file, "file", { purpose: "fine-tune" });
      const uploaded = await call<{ id?: string }>(credentials, "POST", "files", {
        form,
        signal,
        timeoutMs: UPLOAD_TIMEOUT_MS,
      });
      if (!uploaded?.id)
        throw new FineTuneProviderError("unavailable", `${provider} did not return a file id.`);
      return uploaded.id;
    },

    async createJob(credentials: FineTuneCredentials, input: CreateJobInput, signal?: AbortSignal) {
      const h = input.hyperparameters;
      // Unset hyperparameters are left out: OpenAI then picks them ("auto").
      const hyperparameters = Object.fromEntries(
        Object.entries({
          n_epochs: h.epochs,
          batch_size: h.batchSize,
          learning_rate_multiplier: h.learningRateMultiplier,
          ...(input.method === "dpo" ? { beta: h.beta } : {}),
        }).filter(([, value]) => value !== undefined && value !== null),
      );
      const type = input.method === "dpo" ? "dpo" : "supervised";
      const body = {
        model: input.baseModel,
        training_file: input.trainingFileId,
        ...(input.validationFileId ? { validation_file: input.validationFileId } : {}),
        ...(input.suffix ? { suffix: input.suffix } : {}),
        ...(input.seed != null ? { seed: input.seed } : {}),
        method: { type, [type]: { hyperparameters } },
      };
      try {
        return snapshot(
          await call<OpenAIJob>(credentials, "POST", "fine_tuning/jobs", { json: body, signal }),
        );
      } catch (error) {
        if (error instanceof FineTuneProviderError && error.code === "refused") {
          throw new FineTuneProviderError("refused", refusalMessage(kind, error.message), {
            status: error.status,
          });
        }
        throw error;
      }
    },

    async getJob(credentials, providerJobId, signal) {
      const path = `fine_tuning/jobs/${encodeURIComponent(providerJobId)}`;
      return snapshot(await call<OpenAIJob>(credentials, "GET", path, { signal }));
    },

    async listEvents(credentials, providerJobId, after, signal) {
      // OpenAI lists events newest first and pages backwards with `after`; read from the top until
      // the last event we already have, then hand them back oldest first.
      const collected: OpenAIEvent[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < EVENTS_MAX_PAGES; page++) {
        const query = new URLSearchParams({ limit: String(EVENTS_PAGE) });
        if (cursor) query.set("after", cursor);
        const path = `fine_tuning/jobs/${encodeURIComponent(providerJobId)}/events?${query}`;
        const list = await call<{ data?: OpenAIEvent[]; has_more?: boolean }>(credentials, "GET", path, {
          signal,
        });
        const data = list?.data ?? [];
        const known = after ? data.findIndex((event) => event.id === after) : -1;
        if (known >= 0) {
          collected.push(...data.slice(0, known));
          break;
        }
        collected.push(...data);
        if (!list?.has_more || data.length === 0) break;
        cursor = data[data.length - 1]!.id;
      }
      return collected.reverse().map(toEvent);
    },

    async cancelJob(credentials, providerJobId, signal) {
      const path = `fine_tuning/jobs/${encodeURIComponent(providerJobId)}/cancel`;
      return snapshot(await call<OpenAIJob>(credentials, "POST", path, { signal }));
    },
  };
}

/** The plain explanation of a 403 on job creation; the provider's own words follow it. */
function refusalMessage(kind: "openai" | "openai_compatible", said: string): string {
  if (kind === "openai") {
    return (
      "OpenAI refused to create the fine-tuning job. OpenAI stopped accepting new fine-tuning jobs on " +
      "2027-01-06 (and removes the tunable models on 2027-01-14); before that date, a 403 means the " +
      "account or project may not fine-tune this model. Use Together or Fireworks instead. " +
      `(${said})`
    );
  }
  return `The OpenAI-compatible trainer refused to create the job: check that the key may fine-tune. (${said})`;
}
