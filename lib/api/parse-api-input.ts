import type { z } from "zod";
import { ApiError, openAiParam } from "./api-error";

/**
 * Validates an /api/v1 request body: a failure is a 400 naming the field in OpenAI's spelling
 * (`param`: "reasons[0]"), so a program can tell which argument to fix. An unknown key is refused by
 * name, as OpenAI does ("Unknown parameter: 'foo'."), rather than silently ignored: a misspelt
 * optional argument would otherwise look accepted.
 */
export function parseApiInput<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ApiError("VALIDATION", "The request body must be a JSON object.");
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const key = [...issue.path, issue.keys[0]!];
    const param = openAiParam(key);
    throw new ApiError("VALIDATION", `Unknown parameter: '${param}'.`, param, "unknown_parameter");
  }
  throw new ApiError("VALIDATION", issue.message, openAiParam(issue.path));
}
