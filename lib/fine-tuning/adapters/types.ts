// One interface for every fine-tuning service (docs/fine-tuning.md). Each adapter speaks its
// provider's own endpoints (../shared reference: OpenAI /files + /fine_tuning/jobs, Together
// /files/upload + /fine-tunes, Fireworks datasets + supervisedFineTuningJobs / DPO jobs) and maps
// what it reads onto these shapes, so the jobs, the poller and the pages never see a provider's wire
// format. Adapters never throw anything but FineTuneProviderError for a provider's answer.

export type FineTuneKind = "openai" | "openai_compatible" | "together" | "fireworks";
export type FineTuneMethod = "sft" | "dpo";
/** The one internal status set; the provider's raw value travels beside it. */
export type FineTuneState =
  "uploading" | "validating" | "queued" | "running" | "succeeded" | "failed" | "cancelled";

/** Where and as whom to call the service. The key is opened from its sealed form just before use. */
export type FineTuneCredentials = {
  kind: FineTuneKind;
  baseUrl: string;
  apiKey: string | null;
  /** Fireworks only: the account its resources live under. */
  accountId?: string | null;
};

/** What an admin may set; each adapter sends the ones its provider accepts and refuses the rest. */
export type FineTuneHyperparameters = {
  epochs?: number;
  /** OpenAI-style multiplier of the provider's default rate. */
  learningRateMultiplier?: number;
  /** An absolute rate (Together, Fireworks). */
  learningRate?: number;
  batchSize?: number;
  loraRank?: number;
  /** DPO only. */
  beta?: number;
};

export type FineTuneFile = {
  /** Name to upload under, e.g. "openai-sft.train.jsonl". */
  name: string;
  /** Absolute path of the JSON Lines file on disk. */
  path: string;
  bytes: number;
  rows: number;
};

export type CreateJobInput = {
  baseModel: string;
  method: FineTuneMethod;
  trainingFileId: string;
  validationFileId?: string | null;
  hyperparameters: FineTuneHyperparameters;
  suffix?: string | null;
  seed?: number | null;
};

export type JobSnapshot = {
  providerJobId: string;
  state: FineTuneState;
  /** The provider's own status value, kept as read. */
  providerStatus: string;
  /** The provider's name of the trained model once it succeeded. */
  fineTunedModel: string | null;
  /** The provider's message when it failed. */
  error: string | null;
};

export type JobEvent = {
  /** Stable per job: the provider's id, or one made from what identifies the event. */
  id: string;
  createdAt: Date;
  level: "info" | "warn" | "error";
  message: string;
  step?: number | null;
  trainLoss?: number | null;
  validLoss?: number | null;
};

/** Provider limits checked before any upload (minimum examples, largest file). */
export type FineTuneLimits = {
  minExamples: number;
  maxFileBytes: number;
  methods: FineTuneMethod[];
  /** Longest suffix the provider accepts. */
  maxSuffixLength: number;
  /** Most examples the provider accepts in one file, when it says (Fireworks: 3,000,000). */
  maxExamples?: number | null;
};

/** One hyperparameter a provider accepts: its range (inclusive unless `exclusiveMin`), whole or not. */
export type HyperparameterRule = {
  min: number;
  max: number;
  exclusiveMin?: boolean;
  integer?: boolean;
  /** Only meaningful for one method (beta: DPO). */
  method?: FineTuneMethod;
};

/** What a job form may offer for a provider: the settings it takes (others are refused by `check`). */
export type FineTuneSettings = {
  hyperparameters: Partial<Record<keyof FineTuneHyperparameters, HyperparameterRule>>;
  /** null: the provider takes no seed. */
  seed: { min: number; max: number } | null;
};

export interface FineTuneAdapter {
  readonly kind: FineTuneKind;
  readonly limits: FineTuneLimits;
  readonly settings: FineTuneSettings;
  /** Refuses, with a FineTuneProviderError of code "invalid_input", what the provider would refuse. */
  check(
    files: { train: FineTuneFile; validation?: FineTuneFile | null },
    input: Omit<CreateJobInput, "trainingFileId" | "validationFileId">,
  ): void;
  /** Uploads one file; resolves to the provider's id once the file can be trained on. */
  uploadFile(credentials: FineTuneCredentials, file: FineTuneFile, signal?: AbortSignal): Promise<string>;
  createJob(
    credentials: FineTuneCredentials,
    input: CreateJobInput,
    signal?: AbortSignal,
  ): Promise<JobSnapshot>;
  getJob(credentials: FineTuneCredentials, providerJobId: string, signal?: AbortSignal): Promise<JobSnapshot>;
  /** Events (messages and metrics) newer than `after` (an event id this adapter returned), oldest first. */
  listEvents(
    credentials: FineTuneCredentials,
    providerJobId: string,
    after?: string | null,
    signal?: AbortSignal,
  ): Promise<JobEvent[]>;
  cancelJob(
    credentials: FineTuneCredentials,
    providerJobId: string,
    signal?: AbortSignal,
  ): Promise<JobSnapshot>;
}

/**
 * What went wrong, in plain words (`message` is shown to admins as is):
 * - unauthorized: the key is missing, wrong or revoked (401);
 * - refused: the provider will not do it (403, e.g. OpenAI after its 2027-01-06 cut-off);
 * - not_found: unknown job, file or base model (404);
 * - invalid_input: the provider (or `check`) refused the request or the data (400/422);
 * - rate_limited: 429, with `retryAfterMs` when the provider said;
 * - unavailable: 5xx, a timeout or a refused connection: try again later.
 */
export type FineTuneErrorCode =
  "unauthorized" | "refused" | "not_found" | "invalid_input" | "rate_limited" | "unavailable";

export class FineTuneProviderError extends Error {
  readonly code: FineTuneErrorCode;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  /** The form field a `check` refusal is about ("suffix", "epochs", "dataset"…), so a form can show it there. */
  readonly field: string | null;
  constructor(
    code: FineTuneErrorCode,
    message: string,
    options: { status?: number | null; retryAfterMs?: number | null; field?: string | null } = {},
  ) {
    super(message);
    this.name = "FineTuneProviderError";
    this.code = code;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.field = options.field ?? null;
  }
  /** Worth trying again later (the poller backs off); anything else ends the job or the action. */
  get transient(): boolean {
    return this.code === "rate_limited" || this.code === "unavailable";
  }
}
