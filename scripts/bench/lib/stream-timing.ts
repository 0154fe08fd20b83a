// Times a streamed HTTP response as a client sees it: the first token (when `isFirstToken` first
// holds for what has arrived so far) and the end. Shared by bench:chat and bench:api.

export type StreamTiming = { ttft: number; total: number; ok: boolean };

/**
 * Reads `response` from `start` (a performance.now() reading), noting when the first token arrived,
 * then to its end, or, with `dropAfterFirst`, goes away right after the first token (a client that
 * disconnects mid-stream).
 */
export async function timeStream(
  start: number,
  response: Response,
  isFirstToken: (seen: string) => boolean,
  dropAfterFirst = false,
): Promise<StreamTiming> {
  if (!response.ok || !response.body) return { ttft: NaN, total: NaN, ok: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let ttft = NaN;
  let seen = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (Number.isNaN(ttft)) {
      seen += decoder.decode(value, { stream: true });
      if (isFirstToken(seen)) {
        ttft = performance.now() - start;
        if (dropAfterFirst) {
          await reader.cancel();
          break;
        }
      }
    }
  }
  return { ttft, total: performance.now() - start, ok: !Number.isNaN(ttft) };
}
