// A fake Fireworks fine-tuning service (written by us from Fireworks' documented shapes, see the shared
// reference fine-tuning-apis.md): account-scoped datasets (create, :upload, read until READY),
// supervisedFineTuningJobs and dpoJobs (read, :cancel). A job moves one state per GET of it (the
// adapter's listEvents reads the job too, so it moves it as well):
// JOB_STATE_CREATING → VALIDATING → RUNNING (×3, progress rising) → WRITING_RESULTS → COMPLETED, or
// → RUNNING → FAILED with status.message when `failNextJob` was set. A cancel passes through
// JOB_STATE_CANCELLING (one poll) before JOB_STATE_CANCELLED. Errors use Google's shape
// { error: { code, message, status } }.
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import {
  segmentsAfter,
  sendJson,
  startFakeServer,
  type FakeControls,
  type FakeServer,
  type RecordedRequest,
} from "./server";

export type FakeFireworksDataset = {
  name: string;
  displayName: string;
  state: string;
  exampleCount: number;
  bytes: number;
  /** Reads left before it turns READY (after its upload). */
  readsUntilReady: number;
  uploaded: boolean;
};
export type FakeFireworksJob = {
  name: string;
  kind: "sft" | "dpo";
  displayName: string;
  dataset: string;
  evaluationDataset?: string;
  state: string;
  status: { code: string; message: string };
  jobProgress: { percent: number; epoch: number };
  createTime: string;
  completedTime: string | null;
  /** SFT jobs carry their settings at the top; DPO jobs inside trainingConfig. */
  settings: Record<string, unknown>;
  ahead: string[];
  failMessage: string | null;
};

export type FakeFireworks = FakeServer & {
  /** Base URL ending in /v1 (resources are under /v1/accounts/{accountId}). */
  url: string;
  datasets: Map<string, FakeFireworksDataset>;
  jobs: Map<string, FakeFireworksJob>;
  baseModels: string[];
  /** How many reads of an uploaded dataset answer UPLOADING before READY (default 1). */
  datasetReads: { untilReady: number };
  cancelOnProvider(jobName: string): void;
};

const FINAL = new Set(["JOB_STATE_COMPLETED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED"]);
const MAX_UPLOAD_BYTES = 150 * 1024 * 1024;
const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  503: "UNAVAILABLE",
};

function errorBody(status: number, message: string) {
  return { error: { code: status, message, status: STATUS_NAMES[status] ?? "INTERNAL" } };
}

export async function startFakeFireworks(
  options: { port?: number; baseModels?: string[] } = {},
): Promise<FakeFireworks> {
  const datasets = new Map<string, FakeFireworksDataset>();
  const jobs = new Map<string, FakeFireworksJob>();
  const datasetReads = { untilReady: 1 };
  const baseModels = options.baseModels ?? [
    "accounts/fireworks/models/llama-v3p1-8b-instruct",
    "accounts/fireworks/models/qwen2p5-7b-instruct",
  ];

  function publicJob(job: FakeFireworksJob) {
    const base = {
      name: job.name,
      displayName: job.displayName,
      dataset: job.dataset,
      ...(job.evaluationDataset ? { evaluationDataset: job.evaluationDataset } : {}),
      state: job.state,
      status: job.status,
      jobProgress: job.jobProgress,
      createTime: job.createTime,
      completedTime: job.completedTime,
      createdBy: "admin@example.test",
    };
    return job.kind === "dpo" ? { ...base, trainingConfig: job.settings } : { ...base, ...job.settings };
  }

  function enter(job: FakeFireworksJob, state: string) {
    job.state = state;
    if (state === "JOB_STATE_RUNNING") {
      job.jobProgress = {
        percent: Math.min(100, job.jobProgress.percent + 33),
        epoch: job.jobProgress.epoch + 1,
      };
    }
    if (state === "JOB_STATE_FAILED")
      job.status = { code: "INVALID_ARGUMENT", message: job.failMessage ?? "Job failed." };
    if (state === "JOB_STATE_CANCELLED") job.status = { code: "CANCELLED", message: "Job was cancelled." };
    if (FINAL.has(state)) {
      job.completedTime = new Date().toISOString();
      job.ahead = [];
    }
    if (state === "JOB_STATE_COMPLETED") job.jobProgress = { ...job.jobProgress, percent: 100 };
  }

  function createJob(
    account: string,
    kind: "sft" | "dpo",
    request: RecordedRequest,
    response: ServerResponse,
    controls: FakeControls,
  ) {
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (controls.refuseCreate) {
      sendJson(response, 403, errorBody(403, controls.refuseCreate));
      return;
    }
    const settings = (kind === "dpo" ? (body.trainingConfig ?? {}) : body) as Record<string, unknown>;
    const baseModel = typeof settings.baseModel === "string" ? settings.baseModel : "";
    if (!baseModels.includes(baseModel)) {
      sendJson(response, 400, errorBody(400, `base model ${baseModel} is not supported for fine-tuning`));
      return;
    }
    const datasetName = typeof body.dataset === "string" ? body.dataset : "";
    const dataset = datasets.get(datasetName);
    if (!dataset) {
      sendJson(response, 404, errorBody(404, `dataset ${datasetName} not found`));
      return;
    }
    if (dataset.state !== "READY") {
      sendJson(response, 400, errorBody(400, `dataset ${datasetName} is not ready (${dataset.state})`));
      return;
    }
    if (dataset.exampleCount < 3) {
      sendJson(
        response,
        400,
        errorBody(400, `dataset must contain at least 3 examples, got ${dataset.exampleCount}`),
      );
      return;
    }
    const id = randomBytes(5).toString("hex");
    const outputModel =
      typeof settings.outputModel === "string" ? settings.outputModel : `accounts/${account}/models/ft-${id}`;
    const failMessage = controls.failNextJob;
    controls.failNextJob = null;
    const { dataset: _d, displayName: _n, evaluationDataset: _e, trainingConfig: _t, ...topLevel } = body;
    const job: FakeFireworksJob = {
      name: `accounts/${account}/${kind === "dpo" ? "dpoJobs" : "supervisedFineTuningJobs"}/${id}`,
      kind,
      displayName: typeof body.displayName === "string" ? body.displayName : id,
      dataset: datasetName,
      ...(typeof body.evaluationDataset === "string" ? { evaluationDataset: body.evaluationDataset } : {}),
      state: "JOB_STATE_CREATING",
      status: { code: "OK", message: "" },
      jobProgress: { percent: 0, epoch: 0 },
      createTime: new Date().toISOString(),
      completedTime: null,
      settings: { ...(kind === "dpo" ? settings : topLevel), outputModel },
      ahead: failMessage
        ? ["JOB_STATE_VALIDATING", "JOB_STATE_RUNNING", "JOB_STATE_FAILED"]
        : [
            "JOB_STATE_VALIDATING",
            "JOB_STATE_RUNNING",
            "JOB_STATE_RUNNING",
            "JOB_STATE_RUNNING",
            "JOB_STATE_WRITING_RESULTS",
            "JOB_STATE_COMPLETED",
          ],
      failMessage,
    };
    jobs.set(job.name, job);
    sendJson(response, 200, publicJob(job));
  }

  const route = (request: RecordedRequest, response: ServerResponse, controls: FakeControls) => {
    const parts = segmentsAfter(request.path, "/v1/accounts");
    if (!parts || parts.length < 2) return false;
    const [account, collection, rawId] = parts as [string, string, string | undefined];
    const [id, verb] = (rawId ?? "").split(":") as [string, string | undefined];

    if (collection === "datasets") {
      const name = `accounts/${account}/datasets/${id}`;
      if (!rawId && request.method === "POST") {
        const body = (request.json ?? {}) as { datasetId?: string; dataset?: { displayName?: string } };
        const datasetId = body.datasetId ?? "";
        if (!/^[a-z0-9-]{1,63}$/.test(datasetId)) {
          sendJson(response, 400, errorBody(400, `invalid datasetId "${datasetId}"`));
          return true;
        }
        const dataset: FakeFireworksDataset = {
          name: `accounts/${account}/datasets/${datasetId}`,
          displayName: body.dataset?.displayName ?? datasetId,
          state: "UPLOADING",
          exampleCount: 0,
          bytes: 0,
          readsUntilReady: datasetReads.untilReady,
          uploaded: false,
        };
        datasets.set(dataset.name, dataset);
        sendJson(response, 200, {
          name: dataset.name,
          displayName: dataset.displayName,
          state: dataset.state,
        });
        return true;
      }
      const dataset = datasets.get(name);
      if (!dataset) {
        sendJson(response, 404, errorBody(404, `dataset ${name} not found`));
        return true;
      }
      if (verb === "upload" && request.method === "POST") {
        const file = request.form?.file;
        if (!file || typeof file === "string") {
          sendJson(response, 400, errorBody(400, "file is required"));
          return true;
        }
        if (file.size >= MAX_UPLOAD_BYTES) {
          sendJson(response, 400, errorBody(400, "file too large for direct upload; use a signed URL"));
          return true;
        }
        dataset.uploaded = true;
        dataset.bytes = file.size;
        dataset.exampleCount = file.text.split("\n").filter((line) => line.trim()).length;
        sendJson(response, 200, {});
        return true;
      }
      if (!verb && request.method === "GET") {
        if (dataset.uploaded && dataset.state !== "READY") {
          if (dataset.readsUntilReady <= 0) dataset.state = "READY";
          else dataset.readsUntilReady--;
        }
        sendJson(response, 200, {
          name: dataset.name,
          displayName: dataset.displayName,
          state: dataset.state,
          exampleCount: String(dataset.exampleCount),
          userUploaded: {},
        });
        return true;
      }
      return false;
    }

    if (collection === "supervisedFineTuningJobs" || collection === "dpoJobs") {
      const kind = collection === "dpoJobs" ? "dpo" : "sft";
      if (!rawId && request.method === "POST") {
        createJob(account, kind, request, response, controls);
        return true;
      }
      const job = jobs.get(`accounts/${account}/${collection}/${id}`);
      if (!job) {
        sendJson(response, 404, errorBody(404, `job ${collection}/${id} not found`));
        return true;
      }
      if (!verb && request.method === "GET") {
        const next = job.ahead.shift();
        if (next) enter(job, next);
        sendJson(response, 200, publicJob(job));
        return true;
      }
      if (verb === "cancel" && request.method === "POST") {
        if (FINAL.has(job.state)) {
          sendJson(response, 400, errorBody(400, `job is already ${job.state}`));
          return true;
        }
        enter(job, "JOB_STATE_CANCELLING");
        job.ahead = ["JOB_STATE_CANCELLED"];
        sendJson(response, 200, publicJob(job));
        return true;
      }
    }
    return false;
  };

  function cancelOnProvider(jobName: string) {
    const job = jobs.get(jobName);
    if (job && !FINAL.has(job.state)) enter(job, "JOB_STATE_CANCELLED");
  }

  const server = await startFakeServer({
    port: options.port,
    errorBody,
    routes: [route],
    onControl(body) {
      if (typeof body.cancelJob === "string") cancelOnProvider(body.cancelJob);
    },
  });
  return {
    ...server,
    url: `${server.origin}/v1`,
    datasets,
    jobs,
    baseModels,
    datasetReads,
    cancelOnProvider,
  };
}
