// What an export is asked for: the format, which evidence (filters) and how it is written (options).
// One zod schema for the admin page, the download route and the CLI, so the three accept exactly the
// same requests. Input arrives as URL parameters (strings, repeated keys for lists) or as the CLI's
// flags; blanks mean "any". No "server-only": the page's form and the CLI import it too.
import { z } from "zod";
import { BAD_REASONS, GOOD_REASONS } from "../feedback/reasons";
import { dayInput } from "../validation/day-input";
import { FORMAT_IDS, type FormatId } from "./types";

/** Where a conversation came from (ConversationSource): the chat, the public API, the playground. */
export const CONVERSATION_SOURCES = ["chat", "api", "playground"] as const;
export type ConversationSource = (typeof CONVERSATION_SOURCES)[number];

const REASON_KEYS = [...new Set([...Object.keys(BAD_REASONS), ...Object.keys(GOOD_REASONS)])] as [
  string,
  ...string[],
];

/** Keys that may repeat in a URL (`?model=a&model=b`) or hold a comma-separated list. */
export const LIST_KEYS = ["model", "reason", "user", "source"] as const;
/** Every key of the request, in the order the canonical query string writes them. */
export const EXPORT_KEYS = [
  "format",
  "since",
  "until",
  "model",
  "rating",
  "reason",
  "reviewStatus",
  "reviewedOnly",
  "user",
  "source",
  "redact",
  "dedupe",
  "split",
  "seed",
  "maxRows",
] as const;

export const DEFAULT_SPLIT_SEED = "flywheel";
/** Lists are for picking a few models, reasons or users; a longer one is a mistake, not a filter. */
const MAX_LIST = 100;

const blankToUndefined = (value: unknown): unknown => {
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === "string" && last.trim() === "" ? undefined : last;
};

const toList = (value: unknown): unknown[] => {
  if (value === undefined || value === null) return [];
  const values: unknown[] = Array.isArray(value) ? value : [value];
  return values.flatMap((item) =>
    typeof item === "string" ? item.split(/[\s,]+/).filter((part) => part !== "") : [item],
  );
};

// A checkbox sends "1" when ticked; the form puts a hidden "0" before it, so that an unticked box
// with a default of "on" (Deduplicate) still says "off". The last value wins.
const flag = z.preprocess((value) => {
  const last = blankToUndefined(value);
  if (last === undefined || typeof last === "boolean") return last;
  if (typeof last === "string") {
    const text = last.trim().toLowerCase();
    if (["1", "true", "on", "yes"].includes(text)) return true;
    if (["0", "false", "off", "no"].includes(text)) return false;
  }
  return last;
}, z.boolean("Use 1 or 0 for on or off.").optional());

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());
const list = <T extends z.ZodType>(item: T, what: string) =>
  z.preprocess(toList, z.array(item).max(MAX_LIST, `At most ${MAX_LIST} ${what}.`));

export const exportInput = z
  .object({
    format: z.preprocess(blankToUndefined, z.enum(FORMAT_IDS, "Choose a format.")),
    since: optional(dayInput),
    until: optional(dayInput),
    model: list(z.string().trim().min(1).max(200, "Model ids are at most 200 characters."), "models"),
    rating: optional(z.enum(["up", "down"], "Rating is up or down.")),
    reason: list(z.enum(REASON_KEYS, "Unknown reason."), "reasons"),
    // Excluded ratings are never exported, so "excluded" is not a choice.
    reviewStatus: optional(z.enum(["pending", "reviewed"], "Review status is pending or reviewed.")),
    reviewedOnly: flag,
    user: list(z.uuid("Users are given by their id."), "users"),
    source: list(z.enum(CONVERSATION_SOURCES, "Sources are chat, api or playground."), "sources"),
    redact: flag,
    dedupe: flag,
    /** The share of conversations in the training file, e.g. 0.9; absent: no validation file. */
    split: optional(
      z.coerce
        .number("The split is a number between 0 and 1, e.g. 0.9.")
        .gt(0, "The split is the training share: more than 0 and less than 1, e.g. 0.9.")
        .lt(1, "The split is the training share: more than 0 and less than 1, e.g. 0.9."),
    ),
    seed: optional(z.string().trim().min(1).max(100, "The seed is at most 100 characters.")),
    maxRows: optional(
      z.coerce
        .number("Maximum rows is a whole number.")
        .int("Maximum rows is a whole number.")
        .min(1, "Maximum rows is at least 1.")
        .max(1_000_000_000, "Maximum rows is at most 1,000,000,000."),
    ),
  })
  .refine((input) => !(input.since && input.until && input.since > input.until), {
    message: "The start date is after the end date.",
    path: ["until"],
  })
  .refine((input) => !(input.reviewedOnly && input.reviewStatus === "pending"), {
    message: "“Reviewed only” and “Pending” exclude each other.",
    path: ["reviewStatus"],
  })
  .transform((input): ExportRequest => {
    const trainShare = input.split;
    return {
      format: input.format,
      filters: {
        since: input.since ?? null,
        until: input.until ?? null,
        models: [...new Set(input.model)].sort(),
        rating: input.rating ?? null,
        reasons: [...new Set(input.reason)].sort(),
        reviewStatus: input.reviewedOnly ? "reviewed" : (input.reviewStatus ?? null),
        users: [...new Set(input.user.map((id) => id.toLowerCase()))].sort(),
        sources: canonicalSources(input.source),
      },
      options: {
        redact: input.redact ?? false,
        dedupe: input.dedupe ?? true,
        split:
          trainShare === undefined
            ? null
            : {
                trainShare,
                // 1 - 0.9 is 0.09999999999999998 in binary floating point; the ratio is kept readable.
                validationRatio: Math.round((1 - trainShare) * 1e9) / 1e9,
                seed: input.seed ?? DEFAULT_SPLIT_SEED,
              },
        maxRows: input.maxRows ?? null,
      },
    };
  });

/** Sorted, without repeats, and every source ticked is no filter: one request, one query string. */
function canonicalSources(chosen: ConversationSource[]): ConversationSource[] {
  const sources = CONVERSATION_SOURCES.filter((source) => chosen.includes(source));
  return sources.length === CONVERSATION_SOURCES.length ? [] : sources;
}

export type ExportFilters = {
  /** YYYY-MM-DD, inclusive, UTC days, on the rating's (or comparison's) creation time. */
  since: string | null;
  until: string | null;
  /** Any of these models (the model frozen on the rating; either answer's model for a comparison). */
  models: string[];
  rating: "up" | "down" | null;
  /** Any of these reason keys. */
  reasons: string[];
  /** null: pending and reviewed (excluded ratings are never exported). */
  reviewStatus: "pending" | "reviewed" | null;
  /** Conversations of these users only. */
  users: string[];
  /** Conversations from these sources only (chat, API calls, playground runs); empty: all. */
  sources: ConversationSource[];
};

export type ExportRequest = {
  format: FormatId;
  filters: ExportFilters;
  options: {
    redact: boolean;
    dedupe: boolean;
    split: { trainShare: number; validationRatio: number; seed: string } | null;
    maxRows: number | null;
  };
};

/** Filters that only a rating can match (a comparison has no rating, reasons or review). */
export function hasRatingOnlyFilter(filters: ExportFilters): boolean {
  return filters.rating !== null || filters.reasons.length > 0 || filters.reviewStatus !== null;
}

/** True when any filter narrows which ratings count. */
export function hasRatingFilter(filters: ExportFilters): boolean {
  return (
    hasRatingOnlyFilter(filters) ||
    filters.since !== null ||
    filters.until !== null ||
    filters.models.length > 0
  );
}

export type RawExportInput = Partial<Record<(typeof EXPORT_KEYS)[number], string | string[]>>;

/** URL parameters (Next.js searchParams or URLSearchParams) → the raw input of `exportInput`. */
export function exportInputFromParams(
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): RawExportInput {
  const raw: RawExportInput = {};
  for (const key of EXPORT_KEYS) {
    const values =
      params instanceof URLSearchParams
        ? params.getAll(key)
        : ([] as string[]).concat(params[key] ?? []).filter((value) => typeof value === "string");
    if (values.length === 0) continue;
    raw[key] = (LIST_KEYS as readonly string[]).includes(key) || values.length > 1 ? values : values[0]!;
  }
  return raw;
}

/** The canonical query string of a request: the download link repeats exactly what was previewed. */
export function exportQuery(request: ExportRequest): string {
  const params = new URLSearchParams();
  const { filters, options } = request;
  params.set("format", request.format);
  if (filters.since) params.set("since", filters.since);
  if (filters.until) params.set("until", filters.until);
  for (const model of filters.models) params.append("model", model);
  if (filters.rating) params.set("rating", filters.rating);
  for (const reason of filters.reasons) params.append("reason", reason);
  if (filters.reviewStatus) params.set("reviewStatus", filters.reviewStatus);
  for (const user of filters.users) params.append("user", user);
  for (const source of filters.sources) params.append("source", source);
  if (options.redact) params.set("redact", "1");
  params.set("dedupe", options.dedupe ? "1" : "0");
  if (options.split) {
    params.set("split", String(options.split.trainShare));
    params.set("seed", options.split.seed);
  }
  if (options.maxRows !== null) params.set("maxRows", String(options.maxRows));
  return params.toString();
}
