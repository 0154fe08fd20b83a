// A fake OpenAI fine-tuning service (written by us from OpenAI's documented shapes, see the shared
// reference fine-tuning-apis.md): /v1/files, /v1/fine_tuning/jobs (+ events, cancel), and the chat and
// models endpoints of ./chat.ts so the trained model can be talked to. Jobs live in memory and move one
// status per GET of the job: validating_files → queued → running (×3, one metrics event each, losses
// falling) → succeeded, or → failed with the provider's message when `failNextJob` was set.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { DEFAULT_CHAT_OPTIONS, handleChat, type ChatOptions } from "./chat";
import {
  lossesAt,
  segmentsAfter,
  sendJson,
  startFakeServer,
  type FakeControls,
  type FakeServer,
  type RecordedRequest,
} from "./server";

export type FakeOpenAIFile = { id: string; filename: string; bytes: number; purpose: string; lines: number };
export type FakeOpenAIEvent = {
  object: "fine_tuning.job.event";
  id: string;
  created_at: number;
  level: "info" | "warn" | "error";
  message: string;
  type: "message" | "metrics";
  data: Record<string, unknown> | null;
};
export type FakeOpenAIJob = {
  id: string;
  model: string;
  training_file: string;
  validation_file: string | null;
  suffix: string | null;
  seed: number;
  method: { type: string; [key: string]: unknown };
  status: string;
  fine_tuned_model: string | null;
  error: { code: string; message: string; param: string | null } | null;
  created_at: number;
  finished_at: number | null;
  /** The statuses still ahead, one per poll. */
  ahead: string[];
  failMessage: string | null;
  events: FakeOpenAIEvent[];
};

export type FakeOpenAIFineTuning = FakeServer & {
  /** Base URL ending in /v1. */
  url: string;
  files: Map<string, FakeOpenAIFile>;
  jobs: Map<string, FakeOpenAIJob>;
  chat: ChatOptions;
  /** Models that can be fine-tuned (and chatted with). */
  baseModels: string[];
  /** The job is cancelled on the provider's side (someone used OpenAI's dashboard). */
  cancelOnProvider(jobId: string): void;
};

export const RUNNING_STEPS = 3;
const MIN_EXAMPLES = 10;
const FINAL = new Set(["succeeded", "failed", "cancelled"]);

const id = (prefix: string) => `${prefix}-${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

function errorBody(status: number, message: string, param: string | null = null, code: string | null = null) {
  const type =
    status === 401
      ? "invalid_request_error"
      : status === 429
        ? "requests"
        : status >= 500
          ? "server_error"
          : "invalid_request_error";
  const defaultCode = status === 401 ? "invalid_api_key" : status === 429 ? "rate_limit_exceeded" : null;
  return { error: { message, type, param, code: code ?? defaultCode } };
}

function publicJob(job: FakeOpenAIJob) {
  const { ahead: _ahead, failMessage: _fail, events: _events, ...rest } = job;
  return { object: "fine_tuning.job", ...rest, trained_tokens: job.status === "succeeded" ? 4242 : null };
}

export async function startFakeOpenAIFineTuning(
  options: { port?: number; baseModels?: string[] } = {},
): Promise<FakeOpenAIFineTuning> {
  const files = new Map<string, FakeOpenAIFile>();
  const jobs = new Map<string, FakeOpenAIJob>();
  const chat: ChatOptions = { ...DEFAULT_CHAT_OPTIONS };
  const baseModels = options.baseModels ?? ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14"];

  function addEvent(job: FakeOpenAIJob, message: string, extra: Partial<FakeOpenAIEvent> = {}) {
    job.events.push({
      object: "fine_tuning.job.event",
      id: id("ftevent"),
      created_at: now(),
      level: "info",
      message,
      type: "message",
      data: null,
      ...extra,
    });
  }

  function enter(job: FakeOpenAIJob, status: string) {
    const previous = job.status;
    job.status = status;
    if (status === "queued") addEvent(job, "Files validated, moving job to queued state");
    if (status === "running" && previous !== "running") addEvent(job, "Fine-tuning job started");
    if (status === "running") {
      const step = job.events.filter((event) => event.type === "metrics").length + 1;
      const loss = lossesAt(step);
      addEvent(job, `Step ${step}/${RUNNING_STEPS}: training loss=${loss.train}`, {
        type: "metrics",
        data: {
          step,
          train_loss: loss.train,
          valid_loss: loss.valid,
          train_mean_token_accuracy: 0.5 + step / 10,
        },
      });
    }
    if (status === "succeeded") {
      job.fine_tuned_model = `ft:${job.model}:flywheel:${job.suffix ?? ""}:${job.id.slice(-8)}`;
      job.finished_at = now();
      addEvent(job, `New fine-tuned model created: ${job.fine_tuned_model}`);
      addEvent(job, "The job has successfully completed");
    }
    if (status === "failed") {
      const message = job.failMessage ?? "The job failed.";
      job.error = { code: "invalid_training_file", message, param: "training_file" };
      job.finished_at = now();
      addEvent(job, message, { level: "error" });
    }
    if (status === "cancelled") {
      job.finished_at = now();
      job.ahead = [];
      addEvent(job, "Job cancelled");
    }
  }

  function advance(job: FakeOpenAIJob) {
    const next = job.ahead.shift();
    if (next) enter(job, next);
  }

  function createJob(request: RecordedRequest, response: ServerResponse, controls: FakeControls) {
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (controls.refuseCreate) {
      sendJson(response, 403, errorBody(403, controls.refuseCreate, null, "fine_tuning_unavailable"));
      return;
    }
    const model = typeof body.model === "string" ? body.model : "";
    if (!baseModels.includes(model)) {
      sendJson(
        response,
        400,
        errorBody(
          400,
          `Model ${model} is not available for fine-tuning or does not exist.`,
          "model",
          "model_not_available",
        ),
      );
      return;
    }
    const training = files.get(String(body.training_file));
    if (!training) {
      sendJson(
        response,
        400,
        errorBody(400, `Invalid file ID: ${String(body.training_file)}`, "training_file", "invalid_file"),
      );
      return;
    }
    if (training.lines < MIN_EXAMPLES) {
      sendJson(
        response,
        400,
        errorBody(
          400,
          `Training file ${training.id} has ${training.lines} example(s), but must have at least ${MIN_EXAMPLES} examples`,
          "training_file",
          "invalid_n_examples",
        ),
      );
      return;
    }
    const validation = typeof body.validation_file === "string" ? body.validation_file : null;
    if (validation && !files.has(validation)) {
      sendJson(
        response,
        400,
        errorBody(400, `Invalid file ID: ${validation}`, "validation_file", "invalid_file"),
      );
      return;
    }
    const method = (body.method ?? { type: "supervised" }) as FakeOpenAIJob["method"];
    if (method.type !== "supervised" && method.type !== "dpo") {
      sendJson(response, 400, errorBody(400, `Invalid method type: ${String(method.type)}`, "method.type"));
      return;
    }
    const suffix = typeof body.suffix === "string" ? body.suffix : null;
    if (suffix !== null && (suffix.length < 1 || suffix.length > 64)) {
      sendJson(response, 400, errorBody(400, "suffix must be between 1 and 64 characters", "suffix"));
      return;
    }
    const failMessage = controls.failNextJob;
    controls.failNextJob = null;
    const job: FakeOpenAIJob = {
      id: id("ftjob"),
      model,
      training_file: training.id,
      validation_file: validation,
      suffix,
      seed: typeof body.seed === "number" ? body.seed : 42,
      method,
      status: "validating_files",
      fine_tuned_model: null,
      error: null,
      created_at: now(),
      finished_at: null,
      ahead: failMessage
        ? ["queued", "running", "failed"]
        : ["queued", ...Array<string>(RUNNING_STEPS).fill("running"), "succeeded"],
      failMessage,
      events: [],
    };
    addEvent(job, `Validating training file: ${training.id}`);
    jobs.set(job.id, job);
    sendJson(response, 200, publicJob(job));
  }

  function listEvents(job: FakeOpenAIJob, request: RecordedRequest, response: ServerResponse) {
    // Newest first; `after` is the last event of the previous page (so the next page is older).
    const newestFirst = [...job.events].reverse();
    const after = request.query.get("after");
    const start = after ? newestFirst.findIndex((event) => event.id === after) + 1 : 0;
    const limit = Math.min(Number(request.query.get("limit") ?? 20) || 20, 100);
    const page = newestFirst.slice(start, start + limit);
    sendJson(response, 200, { object: "list", data: page, has_more: start + limit < newestFirst.length });
  }

  const fineTuning = (request: RecordedRequest, response: ServerResponse, controls: FakeControls) => {
    const parts = segmentsAfter(request.path, "/v1/fine_tuning/jobs");
    if (!parts) return false;
    if (parts.length === 0 && request.method === "POST") {
      createJob(request, response, controls);
      return true;
    }
    if (parts.length === 0 && request.method === "GET") {
      sendJson(response, 200, { object: "list", data: [...jobs.values()].map(publicJob), has_more: false });
      return true;
    }
    const job = jobs.get(parts[0]!);
    if (!job) {
      sendJson(
        response,
        404,
        errorBody(404, `Could not find fine-tune: ${parts[0]}`, null, "fine_tune_not_found"),
      );
      return true;
    }
    if (parts.length === 1 && request.method === "GET") {
      advance(job);
      sendJson(response, 200, publicJob(job));
      return true;
    }
    if (parts[1] === "events" && request.method === "GET") {
      listEvents(job, request, response);
      return true;
    }
    if (parts[1] === "cancel" && request.method === "POST") {
      if (FINAL.has(job.status)) {
        sendJson(response, 400, errorBody(400, `Job has already ${job.status}.`, null, "invalid_job_state"));
        return true;
      }
      enter(job, "cancelled");
      sendJson(response, 200, publicJob(job));
      return true;
    }
    return false;
  };

  const filesRoute = (request: RecordedRequest, response: ServerResponse) => {
    if (request.path !== "/v1/files" || request.method !== "POST") return false;
    const upload = request.form?.file;
    const purpose = request.form?.purpose;
    if (!upload || typeof upload === "string") {
      sendJson(response, 400, errorBody(400, "'file' is a required property", "file"));
      return true;
    }
    if (purpose !== "fine-tune") {
      sendJson(
        response,
        400,
        errorBody(
          400,
          `Invalid value for 'purpose': ${typeof purpose === "string" ? purpose : "(a file)"}`,
          "purpose",
        ),
      );
      return true;
    }
    const file: FakeOpenAIFile = {
      id: id("file"),
      filename: upload.filename,
      bytes: upload.size,
      purpose,
      lines: upload.text.split("\n").filter((line) => line.trim()).length,
    };
    files.set(file.id, file);
    sendJson(response, 200, {
      object: "file",
      created_at: now(),
      status: "processed",
      ...file,
      lines: undefined,
    });
    return true;
  };

  const trainedModels = () =>
    [...jobs.values()].flatMap((job) =>
      job.status === "succeeded" && job.fine_tuned_model ? [job.fine_tuned_model] : [],
    );

  const chatRoutes = (request: RecordedRequest, response: ServerResponse) => {
    if (request.path === "/v1/models" && request.method === "GET") {
      const ids = [...baseModels, chat.judgeModel, ...trainedModels()];
      sendJson(response, 200, {
        object: "list",
        data: ids.map((model) => ({
          id: model,
          object: "model",
          created: 0,
          owned_by: model.startsWith("ft:") ? "flywheel" : "openai",
        })),
      });
      return true;
    }
    if (request.path === "/v1/chat/completions" && request.method === "POST") {
      // Any base name answers (the e2e registers whatever base it likes); a fine-tuned name only
      // once its job succeeded, as on OpenAI.
      handleChat(
        request,
        response,
        chat,
        (model) => !model.startsWith("ft:") || trainedModels().includes(model),
      );
      return true;
    }
    return false;
  };

  const server = await startFakeServer({
    port: options.port,
    errorBody: (status, message) => errorBody(status, message),
    routes: [filesRoute, fineTuning, chatRoutes],
    onControl(body) {
      if (typeof body.cancelJob === "string") cancelOnProvider(body.cancelJob);
      if (typeof body.judgeTemplate === "string") chat.judgeTemplate = body.judgeTemplate;
      if (typeof body.judgeModel === "string") chat.judgeModel = body.judgeModel;
    },
  });

  function cancelOnProvider(jobId: string) {
    const job = jobs.get(jobId);
    if (job && !FINAL.has(job.status)) enter(job, "cancelled");
  }

  return { ...server, url: `${server.origin}/v1`, files, jobs, chat, baseModels, cancelOnProvider };
}
