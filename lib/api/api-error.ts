import { AppError, type ErrorCode } from "../errors/app-error";

/**
 * An error of the public API that names the request field it is about (`param`, in OpenAI's spelling:
 * "messages[0].content") and, where OpenAI has one, its machine-readable `code`
 * ("unsupported_parameter", "model_not_found"). Statuses come from AppError's codes.
 */
export class ApiError extends AppError {
  override name = "ApiError";
  constructor(
    code: ErrorCode,
    message: string,
    readonly param: string | null = null,
    readonly apiCode: string | null = null,
    retryAfterSeconds?: number,
  ) {
    super(code, message, undefined, retryAfterSeconds);
  }
}

/** zod's path ["messages", 0, "role"] as OpenAI writes it: "messages[0].role". */
export function openAiParam(path: readonly PropertyKey[]): string | null {
  let param = "";
  for (const key of path) {
    if (typeof key === "number") param += `[${key}]`;
    else param += param ? `.${String(key)}` : String(key);
  }
  return param || null;
}

/** "messages.0.role" (a fieldErrors key, as lib/errors/action-result.ts joins zod's path) → "messages[0].role". */
export function paramFromFieldKey(key: string): string | null {
  if (key === "form") return null;
  return openAiParam(key.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part)));
}
