import { AppError } from "./app-error";

/** A route handler's JSON body, refused with 413 above `maxBytes` and 400 when it is not JSON. */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
  tooLarge = "This request is too large.",
): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
  const body = await request.text();
  if (body.length > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError("VALIDATION", "The request is not valid JSON.");
  }
}
