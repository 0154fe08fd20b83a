// A fake Together AI fine-tuning service (written by us from Together's documented shapes, see the shared
// reference fine-tuning-apis.md): /v1/files/upload and /v1/fine-tunes (+ events, cancel). A job moves
// one status per GET: pending → queued → running (×3, one loss event each) → compressing → uploading →
// completed; or → running → error with the provider's message when `failNextJob` was set. A cancel
// passes through cancel_requested (one poll) before cancelled, as Together's does. Metric events carry
// their losses in the message and as fields: Together's real metric event shape is unverified.
import { randomBytes, randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import {
  lossesAt,
  segmentsAfter,
  sendJson,
  startFakeServer,
  type FakeControls,
  type FakeServer,
  type RecordedRequest,
} from "./server";

export type FakeTogetherEvent = {
  object: "fine-tune-event";
  created_at: string;
  level: "info" | "warning" | "error";
  message: string;
  type: string;
  step: number | null;
  train_loss?: number;
  valid_loss?: number;
  checkpoint_path: string;
  model_path: string;
};
export type FakeTogetherJob = {
  id: string;
  status: string;
  model: string;
  model_output_name: string;
  training_file: string;
  validation_file: string;
  suffix: string | null;
  n_epochs: number;
  learning_rate: number;
  batch_size: number | "max";
  training_method: { method: string; dpo_beta?: number };
  training_type: { type: string; lora_r?: number };
  created_at: string;
  updated_at: string;
  ahead: string[];
  failMessage: string | null;
  events: FakeTogetherEvent[];
};

export type FakeTogether = FakeServer & {
  /** Base URL ending in /v1. */
  url: string;
  files: Map<string, { id: string; filename: string; bytes: number; lines: number }>;
  jobs: Map<string, FakeTogetherJob>;
  baseModels: string[];
  cancelOnProvider(jobId: string): void;
};

export const TOGETHER_RUNNING_STEPS = 3;
const FINAL = new Set(["completed", "error", "user_error", "cancelled"]);

function errorBody(status: number, message: string) {
  const type =
    status === 401
      ? "authentication_error"
      : status === 429
        ? "rate_limit_exceeded"
        : status >= 500
          ? "server_error"
          : "invalid_request_error";
  return { error: { message, type } };
}

const iso = () => new Date().toISOString();

export async function startFakeTogether(
  options: { port?: number; baseModels?: string[] } = {},
): Promise<FakeTogether> {
  const files: FakeTogether["files"] = new Map();
  const jobs = new Map<string, FakeTogetherJob>();
  const baseModels = options.baseModels ?? [
    "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference",
    "Qwen/Qwen2.5-7B-Instruct",
  ];

  function addEvent(
    job: FakeTogetherJob,
    type: string,
    message: string,
    extra: Partial<FakeTogetherEvent> = {},
  ) {
    job.events.push({
      object: "fine-tune-event",
      created_at: iso(),
      level: "info",
      message,
      type,
      step: null,
      checkpoint_path: "",
      model_path: "",
      ...extra,
    });
    job.updated_at = iso();
  }

  function enter(job: FakeTogetherJob, status: string) {
    const previous = job.status;
    job.status = status;
    if (status === "queued") addEvent(job, "JOB_QUEUED", "Job has been queued");
    if (status === "running" && previous !== "running") addEvent(job, "JOB_START", "Training started");
    if (status === "running" && !job.failMessage) {
      const step = job.events.filter((event) => event.train_loss !== undefined).length + 1;
      const loss = lossesAt(step);
      addEvent(
        job,
        "TRAINING_PROGRESS",
        `Step ${step}/${TOGETHER_RUNNING_STEPS}: train_loss=${loss.train}, valid_loss=${loss.valid}`,
        { step, train_loss: loss.train, valid_loss: loss.valid },
      );
    }
    if (status === "compressing") addEvent(job, "COMPRESSION_START", "Compressing adapter model");
    if (status === "uploading") addEvent(job, "MODEL_UPLOADING", "Uploading model");
    if (status === "completed") {
      addEvent(job, "JOB_COMPLETE", `Job finished: model ${job.model_output_name} is ready`, {
        model_path: `s3://together/${job.model_output_name}`,
      });
    }
    if (status === "error") addEvent(job, "JOB_ERROR", job.failMessage ?? "Job failed", { level: "error" });
    if (status === "cancel_requested") {
      job.ahead = ["cancelled"];
      addEvent(job, "CANCEL_REQUESTED", "Cancellation requested");
    }
    if (status === "cancelled") {
      job.ahead = [];
      addEvent(job, "JOB_CANCELLED", "Job cancelled");
    }
  }

  function publicJob(job: FakeTogetherJob) {
    const { ahead: _ahead, failMessage: _fail, ...rest } = job;
    return { object: "finetune", ...rest };
  }

  function createJob(request: RecordedRequest, response: ServerResponse, controls: FakeControls) {
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (controls.refuseCreate) {
      sendJson(response, 403, errorBody(403, controls.refuseCreate));
      return;
    }
    const model = typeof body.model === "string" ? body.model : "";
    if (!baseModels.includes(model)) {
      sendJson(response, 400, errorBody(400, `Model ${model} is not supported for fine-tuning`));
      return;
    }
    const trainingFile = typeof body.training_file === "string" ? body.training_file : "";
    if (!files.has(trainingFile)) {
      sendJson(response, 404, errorBody(404, `File ${trainingFile} not found`));
      return;
    }
    const epochs = typeof body.n_epochs === "number" ? body.n_epochs : 1;
    if (epochs < 1 || epochs > 20) {
      sendJson(response, 400, errorBody(400, "n_epochs must be between 1 and 20"));
      return;
    }
    const suffix = typeof body.suffix === "string" ? body.suffix : null;
    if (suffix && suffix.length > 40) {
      sendJson(response, 400, errorBody(400, "suffix must be at most 40 characters"));
      return;
    }
    const method = (body.training_method ?? { method: "sft" }) as FakeTogetherJob["training_method"];
    if (method.method !== "sft" && method.method !== "dpo") {
      sendJson(response, 400, errorBody(400, `Unknown training method ${String(method.method)}`));
      return;
    }
    const failMessage = controls.failNextJob;
    controls.failNextJob = null;
    const hash = randomBytes(4).toString("hex");
    const job: FakeTogetherJob = {
      id: `ft-${randomUUID()}`,
      status: "pending",
      model,
      model_output_name: `flywheel/${model.split("/").pop()}-${suffix ?? "ft"}-${hash}`,
      training_file: trainingFile,
      validation_file: typeof body.validation_file === "string" ? body.validation_file : "",
      suffix,
      n_epochs: epochs,
      learning_rate: typeof body.learning_rate === "number" ? body.learning_rate : 0.00001,
      batch_size: typeof body.batch_size === "number" ? body.batch_size : "max",
      training_method: method,
      training_type: (body.training_type ?? { type: "Lora" }) as FakeTogetherJob["training_type"],
      created_at: iso(),
      updated_at: iso(),
      ahead: failMessage
        ? ["queued", "running", "error"]
        : [
            "queued",
            ...Array<string>(TOGETHER_RUNNING_STEPS).fill("running"),
            "compressing",
            "uploading",
            "completed",
          ],
      failMessage,
      events: [],
    };
    addEvent(job, "JOB_PENDING", "Fine-tune request created");
    jobs.set(job.id, job);
    sendJson(response, 200, publicJob(job));
  }

  const fineTunes = (request: RecordedRequest, response: ServerResponse, controls: FakeControls) => {
    const parts = segmentsAfter(request.path, "/v1/fine-tunes");
    if (!parts) return false;
    if (parts.length === 0 && request.method === "POST") {
      createJob(request, response, controls);
      return true;
    }
    const job = jobs.get(parts[0] ?? "");
    if (!job) {
      sendJson(response, 404, errorBody(404, `Fine-tune job ${parts[0]} not found`));
      return true;
    }
    if (parts.length === 1 && request.method === "GET") {
      const next = job.ahead.shift();
      if (next) enter(job, next);
      sendJson(response, 200, publicJob(job));
      return true;
    }
    if (parts[1] === "events" && request.method === "GET") {
      sendJson(response, 200, { object: "list", data: job.events });
      return true;
    }
    if (parts[1] === "cancel" && request.method === "POST") {
      if (FINAL.has(job.status)) {
        sendJson(response, 400, errorBody(400, `Job is already ${job.status} and cannot be cancelled`));
        return true;
      }
      enter(job, "cancel_requested");
      sendJson(response, 200, publicJob(job));
      return true;
    }
    return false;
  };

  const upload = (request: RecordedRequest, response: ServerResponse) => {
    if (request.path !== "/v1/files/upload" || request.method !== "POST") return false;
    const file = request.form?.file;
    const fileName = request.form?.file_name;
    if (!file || typeof file === "string" || typeof fileName !== "string") {
      sendJson(response, 400, errorBody(400, "file and file_name are required"));
      return true;
    }
    if (request.form?.purpose !== "fine-tune") {
      sendJson(response, 400, errorBody(400, "purpose must be fine-tune"));
      return true;
    }
    const lines = file.text.split("\n").filter((line) => line.trim()).length;
    const stored = { id: `file-${randomUUID()}`, filename: fileName, bytes: file.size, lines };
    files.set(stored.id, stored);
    sendJson(response, 200, {
      id: stored.id,
      object: "file",
      created_at: Math.floor(Date.now() / 1000),
      filename: fileName,
      bytes: file.size,
      purpose: "fine-tune",
      Processed: true,
      FileType: request.form?.file_type ?? "jsonl",
      LineCount: lines,
    });
    return true;
  };

  function cancelOnProvider(jobId: string) {
    const job = jobs.get(jobId);
    if (job && !FINAL.has(job.status)) enter(job, "cancelled");
  }

  const server = await startFakeServer({
    port: options.port,
    errorBody,
    routes: [upload, fineTunes],
    onControl(body) {
      if (typeof body.cancelJob === "string") cancelOnProvider(body.cancelJob);
    },
  });
  return { ...server, url: `${server.origin}/v1`, files, jobs, baseModels, cancelOnProvider };
}
