import "server-only";
import { env } from "../env";
import { readBodyText } from "../http/read-body";
import { ApiError } from "./api-error";

/**
 * The JSON body of an /api/v1 request: JSON only (the SDKs always send it), read through the byte
 * limit (API_MAX_BODY_BYTES) so that a huge or endless body never sits in memory, and parsed with a
 * plain 400 when it is not JSON. The caller validates the shape with zod.
 */
export async function readApiJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type.trim())) {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the request body as JSON, with the header Content-Type: application/json.",
    );
  }
  const limit = env().API_MAX_BODY_BYTES;
  const text = await readBodyText(
    request,
    limit,
    `The request body is larger than ${Math.floor(limit / 1024).toLocaleString("en-US")} KiB.`,
  );
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(
      "VALIDATION",
      "We could not parse the JSON body of your request. Send valid JSON.",
      null,
      "invalid_json",
    );
  }
}
