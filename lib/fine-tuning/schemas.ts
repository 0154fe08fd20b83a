// Inputs of Admin → Fine-tuning, one zod schema per action, shared by the forms and the server.
// Numbers arrive from form fields as text; "" means "not set".
import { z } from "zod";
import { userText } from "../validation/user-text";
import { apiKey, baseUrl, modelIdText, optionalNumber } from "../models/admin/schemas";

export const ACCOUNT_KINDS = ["openai", "openai-compatible", "together", "fireworks"] as const;
export type AccountKindName = (typeof ACCOUNT_KINDS)[number];

/** The API root each kind's base URL field starts with (docs: shared reference of the services). */
export const DEFAULT_FINETUNE_URLS: Record<AccountKindName, string> = {
  openai: "https://api.openai.com/v1",
  "openai-compatible": "http://localhost:8000/v1",
  together: "https://api.together.ai/v1",
  fireworks: "https://api.fireworks.ai/v1",
};

export const ACCOUNT_KIND_LABELS: Record<AccountKindName, string> = {
  openai: "OpenAI",
  "openai-compatible": "OpenAI-compatible trainer",
  together: "Together AI",
  fireworks: "Fireworks",
};

const accountName = userText()
  .trim()
  .min(1, "Enter a name for this account.")
  .max(100, "The name is at most 100 characters.");

const optionalUuid = (message: string) =>
  z
    .union([z.uuid(message), z.literal(""), z.null()])
    .optional()
    .transform((value) => (value ? value : null));

export const createAccountInput = z
  .object({
    kind: z.enum(ACCOUNT_KINDS, "Choose OpenAI, OpenAI-compatible, Together or Fireworks."),
    name: accountName,
    baseUrl,
    /** Empty on edit keeps the stored key. */
    apiKey,
    fireworksAccountId: userText()
      .trim()
      .max(200, "The Fireworks account id is at most 200 characters.")
      .regex(/^[A-Za-z0-9_-]*$/, "The Fireworks account id has only letters, digits, - and _.")
      .optional()
      .default(""),
    servingProviderId: optionalUuid("Unknown serving provider."),
  })
  .superRefine((value, ctx) => {
    if (value.kind === "fireworks" && !value.fireworksAccountId) {
      ctx.addIssue({
        code: "custom",
        path: ["fireworksAccountId"],
        message: "Enter the Fireworks account id.",
      });
    }
  });

export const updateAccountInput = z.intersection(
  createAccountInput,
  z.object({ accountId: z.uuid("Unknown account.") }),
);
export const accountIdInput = z.object({ accountId: z.uuid("Unknown account.") });

export const METHODS = ["sft", "dpo"] as const;

/** "account:<uuid>" or "provider:<uuid>": the form's one select over both kinds of credentials. */
const credentialsRef = z
  .string("Choose an account.")
  .regex(/^(account|provider):[0-9a-f-]{36}$/i, "Choose an account.")
  .transform((value) => {
    const [type, id] = value.split(":") as ["account" | "provider", string];
    return { type, id: id.toLowerCase() };
  });

export const startJobInput = z.object({
  datasetId: z.uuid("Choose a dataset."),
  credentials: credentialsRef,
  baseModel: modelIdText,
  method: z.enum(METHODS, "Choose supervised or DPO."),
  epochs: optionalNumber("Epochs", 1, 100, { integer: true }),
  learningRateMultiplier: optionalNumber("The learning-rate multiplier", 0.0001, 100),
  learningRate: optionalNumber("The learning rate", 1e-9, 1),
  batchSize: optionalNumber("The batch size", 1, 4096, { integer: true }),
  loraRank: optionalNumber("The LoRA rank", 1, 1024, { integer: true }),
  beta: optionalNumber("Beta", 0.0001, 10),
  suffix: userText()
    .trim()
    .max(64, "The suffix is at most 64 characters.")
    .regex(/^[A-Za-z0-9_.-]*$/, "The suffix has only letters, digits, -, _ and .")
    .optional()
    .default("")
    .transform((value) => (value ? value : null)),
  seed: optionalNumber("The seed", 0, 2147483647, { integer: true }).optional().default(null),
});
export type StartJobInput = z.input<typeof startJobInput>;

export const jobIdInput = z.object({ jobId: z.uuid("Unknown job.") });
export const registerJobModelInput = jobIdInput.extend({
  providerId: z.uuid("Choose the provider that serves this model."),
});

const SHA256 = /^[0-9a-f]{64}$/;

export const setModelLineageInput = z
  .object({
    modelConfigId: z.uuid("Unknown model."),
    baseModel: modelIdText,
    /** A saved dataset, or only the hash of one made elsewhere. */
    datasetId: optionalUuid("Unknown dataset."),
    datasetSha256: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .default("")
      .refine((value) => value === "" || SHA256.test(value), "A SHA-256 hash is 64 hexadecimal characters."),
    method: z.enum(METHODS, "Choose supervised or DPO."),
    hyperparameters: userText()
      .trim()
      .max(4000, "The hyperparameters are at most 4000 characters.")
      .optional()
      .default("")
      .transform((text, ctx) => {
        if (!text) return {};
        try {
          const parsed = JSON.parse(text) as unknown;
          if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
            return parsed as Record<string, unknown>;
          }
        } catch {
          // reported below
        }
        ctx.addIssue({
          code: "custom",
          message: 'Write the hyperparameters as a JSON object, e.g. {"epochs": 3}.',
        });
        return z.NEVER;
      }),
    notes: userText().trim().max(2000, "The notes are at most 2000 characters.").optional().default(""),
  })
  .superRefine((value, ctx) => {
    if (!value.datasetId && !value.datasetSha256) {
      ctx.addIssue({
        code: "custom",
        path: ["datasetSha256"],
        message: "Pick a dataset or paste the SHA-256 of the data it was trained on.",
      });
    }
  });
