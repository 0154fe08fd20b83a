// Together AI's fine-tuning API: /files/upload + /fine-tunes (shared reference fine-tuning-apis.md).
// LoRA training by default; SFT and DPO. What is not confirmed by Together's docs is marked
// "unverified" below, and read defensively: an unknown status or event shape never throws.
import "server-only";
import { createHash } from "node:crypto";
import { logger } from "@/lib/ops/logger";
import { checkSubmission, type CheckRules } from "./check";
import { providerCaller, UPLOAD_TIMEOUT_MS } from "./http";
import { formWithFile } from "./upload-form";
import {
  FineTuneProviderError,
  type FineTuneAdapter,
  type FineTuneLimits,
  type FineTuneState,
  type JobEvent,
  type JobSnapshot,
} from "./types";

export const TOGETHER_LIMITS: FineTuneLimits = {
  // Together documents no minimum (unverified); one example is the least that can train at all.
  minExamples: 1,
  maxFileBytes: 25 * 1024 * 1024 * 1024,
  methods: ["sft", "dpo"],
  // One source says 64; 40 is the limit every source agrees with.
  maxSuffixLength: 40,
};

const STATUS: Record<string, FineTuneState> = {
  pending: "queued",
  queued: "queued",
  running: "running",
  compressing: "running",
  uploading: "running",
  // Cancellation was asked for but Together has not stopped yet (it may still finish writing the
  // model, and it may still bill): not final, so the poller keeps following until "cancelled".
  cancel_requested: "running",
  cancelled: "cancelled",
  error: "failed",
  user_error: "failed",
  completed: "succeeded",
};

type TogetherEvent = {
  object?: string;
  created_at?: string | number;
  level?: string | null;
  message?: string | null;
  type?: string | null;
  step?: number | null;
  // Loss fields are not in Together's documented event shape (unverified): read when present.
  train_loss?: number | null;
  loss?: number | null;
  valid_loss?: number | null;
  eval_loss?: number | null;
};

type TogetherJob = {
  id: string;
  status?: string;
  model_output_name?: string | null;
  events?: TogetherEvent[] | null;
  error?: string | { message?: string } | null;
};

function describeTogetherError(body: unknown): string | null {
  if (typeof body === "string") return body.trim() && body.length < 300 ? body.trim() : null;
  const value = body as { error?: unknown; message?: unknown } | null;
  const error = value?.error;
  if (typeof error === "string" && error.trim()) return error.trim();
  const nested = (error as { message?: unknown } | null)?.message;
  if (typeof nested === "string" && nested.trim()) return nested.trim();
  return typeof value?.message === "string" && value.message.trim() ? value.message.trim() : null;
}

const finite = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);

function lossFrom(message: string, pattern: RegExp): number | null {
  const match = pattern.exec(message);
  return match ? finite(Number(match[1])) : null;
}

function toEvent(event: TogetherEvent): JobEvent {
  const message = event.message ?? event.type ?? "";
  const createdAt =
    typeof event.created_at === "number"
      ? new Date(event.created_at * 1000)
      : new Date(event.created_at ?? 0);
  // Together events carry no id: one made from what identifies the event keeps it stable per job.
  const id = createHash("sha256")
    .update(JSON.stringify([event.created_at ?? null, event.type ?? null, event.step ?? null, message]))
    .digest("hex")
    .slice(0, 24);
  const trainLoss =
    finite(event.train_loss) ??
    finite(event.loss) ??
    lossFrom(message, /train(?:ing)?[ _]loss[ :=]+([\d.]+)/i);
  const validLoss =
    finite(event.valid_loss) ??
    finite(event.eval_loss) ??
    lossFrom(message, /(?:valid(?:ation)?|eval(?:uation)?)[ _]loss[ :=]+([\d.]+)/i);
  const level =
    event.level === "error" ? "error" : event.level === "warning" || event.level === "warn" ? "warn" : "info";
  return {
    id,
    createdAt: Number.isNaN(createdAt.getTime()) ? new Date(0) : createdAt,
    level,
    message,
    step: finite(event.step),
    trainLoss,
    validLoss,
  };
}

export function createTogetherAdapter(): FineTuneAdapter {
  const provider = "Together";
  const rules: CheckRules = {
    provider,
    limits: TOGETHER_LIMITS,
    hyperparameters: {
      epochs: { min: 1, max: 20, integer: true },
      learningRate: { min: 0, max: 1, exclusiveMin: true },
      // Together also takes "max" (the default when unset); the upper bound is unverified.
      batchSize: { min: 1, max: 1024, integer: true },
      // lora_r: the upper bound is unverified.
      loraRank: { min: 1, max: 64, integer: true },
      beta: { min: 0, max: 10, exclusiveMin: true, method: "dpo" },
    },
  };

  const call = providerCaller(provider, describeTogetherError);

  function snapshot(job: TogetherJob): JobSnapshot {
    const raw = job.status ?? "unknown";
    let state = STATUS[raw];
    if (!state) {
      logger.warn("fine-tuning: unknown Together job status, treated as running", {
        status: raw,
        job: job.id,
      });
      state = "running";
    }
    let error: string | null = null;
    if (state === "failed") {
      const fromJob = typeof job.error === "string" ? job.error : job.error?.message;
      const lastError = [...(job.events ?? [])]
        .reverse()
        .find((event) => event.level === "error" && event.message);
      error =
        fromJob ??
        lastError?.message ??
        (raw === "user_error"
          ? "Together rejected the job's data or settings (user_error) without a message."
          : "Together reported the job as failed without a message.");
    }
    return {
      providerJobId: job.id,
      state,
      providerStatus: raw,
      // Together names the output model at creation; it exists only once the job completed.
      fineTunedModel: state === "succeeded" ? (job.model_output_name ?? null) : null,
      error,
    };
  }

  return {
    kind: "together",
    limits: TOGETHER_LIMITS,

    settings: { hyperparameters: rules.hyperparameters, seed: rules.seed ?? null },

    check(files, input) {
      checkSubmission(rules, files, input);
    },

    async uploadFile(credentials, file, signal) {
      const form = await formWithFile(file, "file", {
        file_name: file.name,
        purpose: "fine-tune",
        file_type: "jsonl",
      });
      const uploaded = await call<{ id?: string }>(credentials, "POST", "files/upload", {
        form,
        signal,
        timeoutMs: UPLOAD_TIMEOUT_MS,
      });
      if (!uploaded?.id) throw new FineTuneProviderError("unavailable", "Together did not return a file id.");
      return uploaded.id;
    },

    async createJob(credentials, input, signal) {
      const h = input.hyperparameters;
      const body = {
        model: input.baseModel,
        training_file: input.trainingFileId,
        // Together only evaluates on a validation file when n_evals > 0 (unverified default 0).
        ...(input.validationFileId ? { validation_file: input.validationFileId, n_evals: 1 } : {}),
        ...(input.suffix ? { suffix: input.suffix } : {}),
        ...(h.epochs != null ? { n_epochs: h.epochs } : {}),
        ...(h.learningRate != null ? { learning_rate: h.learningRate } : {}),
        batch_size: h.batchSize ?? "max",
        training_method:
          input.method === "dpo"
            ? { method: "dpo", ...(h.beta != null ? { dpo_beta: h.beta } : {}) }
            : { method: "sft" },
        training_type: { type: "Lora", ...(h.loraRank != null ? { lora_r: h.loraRank } : {}) },
      };
      return snapshot(await call<TogetherJob>(credentials, "POST", "fine-tunes", { json: body, signal }));
    },

    async getJob(credentials, providerJobId, signal) {
      return snapshot(
        await call<TogetherJob>(credentials, "GET", `fine-tunes/${encodeURIComponent(providerJobId)}`, {
          signal,
        }),
      );
    },

    async listEvents(credentials, providerJobId, after, signal) {
      const list = await call<{ data?: TogetherEvent[] } | TogetherEvent[]>(
        credentials,
        "GET",
        `fine-tunes/${encodeURIComponent(providerJobId)}/events`,
        { signal },
      );
      const raw = Array.isArray(list) ? list : (list?.data ?? []);
      // Oldest first, whatever order Together sends them in (unverified); stable for equal times.
      const events = raw
        .map(toEvent)
        .map((event, index) => ({ event, index }))
        .sort((a, b) => a.event.createdAt.getTime() - b.event.createdAt.getTime() || a.index - b.index)
        .map(({ event }) => event);
      if (!after) return events;
      const known = events.findIndex((event) => event.id === after);
      return known >= 0 ? events.slice(known + 1) : events;
    },

    async cancelJob(credentials, providerJobId, signal) {
      const path = `fine-tunes/${encodeURIComponent(providerJobId)}/cancel`;
      return snapshot(await call<TogetherJob>(credentials, "POST", path, { signal }));
    },
  };
}
