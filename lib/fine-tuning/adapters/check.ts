// What every adapter's `check` does before a single byte is uploaded: refuse, naming the field, what the
// provider would refuse anyway (after an upload that may take minutes and cost a file slot).
import {
  FineTuneProviderError,
  type CreateJobInput,
  type FineTuneFile,
  type FineTuneHyperparameters,
  type FineTuneLimits,
  type HyperparameterRule,
} from "./types";

export type { HyperparameterRule };

type HyperparameterName = keyof FineTuneHyperparameters;

export type CheckRules = {
  provider: string;
  limits: FineTuneLimits;
  /** The hyperparameters the provider accepts; any other one set is refused. */
  hyperparameters: Partial<Record<HyperparameterName, HyperparameterRule>>;
  /** Extra rule on the suffix's characters, with the sentence that explains it. */
  suffixPattern?: { pattern: RegExp; explain: string };
  /** Seeds the provider accepts; unset = it takes none and a seed is refused. */
  seed?: { min: number; max: number };
};

const LABELS: Record<HyperparameterName, string> = {
  epochs: "epochs",
  learningRateMultiplier: "learning-rate multiplier",
  learningRate: "learning rate",
  batchSize: "batch size",
  loraRank: "LoRA rank",
  beta: "beta",
};

function refuse(field: string, message: string): never {
  throw new FineTuneProviderError("invalid_input", message, { field });
}

const MB = 1024 * 1024;
function size(bytes: number): string {
  return bytes >= 1024 * MB ? `${(bytes / (1024 * MB)).toFixed(1)} GB` : `${Math.ceil(bytes / MB)} MB`;
}

export function checkSubmission(
  rules: CheckRules,
  files: { train: FineTuneFile; validation?: FineTuneFile | null },
  input: Omit<CreateJobInput, "trainingFileId" | "validationFileId">,
): void {
  const { provider, limits } = rules;
  if (!input.baseModel.trim()) refuse("baseModel", "Base model: choose the model to fine-tune.");
  if (!limits.methods.includes(input.method)) {
    refuse(
      "method",
      `Method: ${provider} does not offer ${input.method === "dpo" ? "preference (DPO)" : "supervised"} fine-tuning.`,
    );
  }
  if (files.train.rows < limits.minExamples) {
    refuse(
      "dataset",
      `Dataset: ${provider} needs at least ${limits.minExamples} training example${limits.minExamples === 1 ? "" : "s"}; this one has ${files.train.rows}.`,
    );
  }
  if (limits.maxExamples != null && files.train.rows > limits.maxExamples) {
    refuse(
      "dataset",
      `Dataset: ${provider} accepts at most ${limits.maxExamples.toLocaleString("en-US")} examples; this one has ${files.train.rows.toLocaleString("en-US")}.`,
    );
  }
  for (const [label, file] of [
    ["training", files.train],
    ["validation", files.validation],
  ] as const) {
    if (file && file.bytes > limits.maxFileBytes) {
      refuse(
        "dataset",
        `Dataset: the ${label} file is ${size(file.bytes)}; ${provider} accepts files up to ${size(limits.maxFileBytes)}.`,
      );
    }
  }
  const suffix = input.suffix ?? "";
  if (suffix.length > limits.maxSuffixLength) {
    refuse(
      "suffix",
      `Suffix: at most ${limits.maxSuffixLength} characters for ${provider}; this one has ${suffix.length}.`,
    );
  }
  if (suffix && rules.suffixPattern && !rules.suffixPattern.pattern.test(suffix)) {
    refuse("suffix", `Suffix: ${rules.suffixPattern.explain}`);
  }
  if (input.seed != null) {
    if (!rules.seed) refuse("seed", `Seed: ${provider} does not take a seed; leave it empty.`);
    if (!Number.isInteger(input.seed) || input.seed < rules.seed.min || input.seed > rules.seed.max) {
      refuse("seed", `Seed: a whole number from ${rules.seed.min} to ${rules.seed.max}.`);
    }
  }
  for (const [name, value] of Object.entries(input.hyperparameters) as [HyperparameterName, unknown][]) {
    if (value === undefined || value === null) continue;
    const label = LABELS[name] ?? name;
    const rule = rules.hyperparameters[name];
    const Label = label.charAt(0).toUpperCase() + label.slice(1);
    if (!rule) refuse(name, `${Label}: ${provider} does not take this setting; leave it empty.`);
    if (rule.method && rule.method !== input.method) {
      refuse(
        name,
        `${Label}: only applies to ${rule.method === "dpo" ? "preference (DPO)" : "supervised"} jobs.`,
      );
    }
    const number = typeof value === "number" ? value : Number.NaN;
    const low = rule.exclusiveMin ? number <= rule.min : number < rule.min;
    if (!Number.isFinite(number) || low || number > rule.max || (rule.integer && !Number.isInteger(number))) {
      const range = rule.exclusiveMin
        ? `more than ${rule.min} and at most ${rule.max}`
        : `from ${rule.min} to ${rule.max}`;
      refuse(name, `${Label}: ${rule.integer ? "a whole number" : "a number"} ${range} for ${provider}.`);
    }
  }
}
