import { readBodyText } from "../http/read-body";
import { AppError } from "./app-error";

/**
 * A route handler's JSON body, refused with 413 as soon as it passes `maxBytes` (counted while it
 * streams in, chunked or not) and 400 when it is not JSON. Route handlers call it through
 * lib/http/json-request.ts, which checks the caller first.
 */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
  tooLarge = "This request is too large.",
): Promise<unknown> {
  const body = await readBodyText(request, maxBytes, tooLarge);
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError("VALIDATION", "The request is not valid JSON.");
  }
}
