// The largest request body a page accepts: server actions (forms, votes, renames, settings, admin
// work) and Auth.js's endpoints. next.config.mjs gives Next.js the same figure (a unit test keeps the
// two equal); the route handlers that take bigger or smaller bodies set their own limit.
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Whether a body passes `maxBytes`. Next.js answers an oversized server action with a 500 (it throws
 * its own 413 error and then reports every action failure as 500), so the proxy asks this first and
 * answers 413 itself. A declared length is trusted (Node's parser enforces it); a chunked body is
 * counted as it streams in, and reading stops at the limit.
 */
export async function bodyExceeds(request: Request, maxBytes = ACTION_BODY_LIMIT_BYTES): Promise<boolean> {
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return false;
  const declared = request.headers.get("content-length");
  if (declared !== null) return Number(declared) > maxBytes;
  const reader = request.body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      total += value.byteLength;
      if (total > maxBytes) {
        void reader.cancel().catch(() => {});
        return true;
      }
    }
  } catch {
    // The client went away: whatever handles the request next sees the same broken stream.
    return false;
  }
}
