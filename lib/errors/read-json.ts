import { AppError } from "./app-error";

/** A route handler's JSON body, refused with 413 above `maxBytes` and 400 when it is not JSON. */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
  tooLarge = "This request is too large.",
): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
  let body: string;
  try {
    body = await request.text();
  } catch {
    // The client went away while sending (a page unloading mid-request): nobody reads the answer,
    // and it is not a server error worth logging.
    throw new AppError("VALIDATION", "The request was interrupted.");
  }
  if (body.length > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
  try {
    return JSON.parse(body);
  } catch {
    throw new AppError("VALIDATION", "The request is not valid JSON.");
  }
}
