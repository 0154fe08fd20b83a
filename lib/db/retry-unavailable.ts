import { isDatabaseUnavailable } from "./unavailable";

/**
 * Runs `work`, and again with backoff (250 ms doubling to 2 s) while it fails because the database is
 * away, for up to `windowMs`; any other error, or the last one, is thrown. Only for statements that are
 * safe to run twice: a connection lost after the server committed the first run looks the same as one
 * lost before. A refused connection fails at once; one that does not answer takes the pool's
 * connectionTimeoutMillis (5 s), so the whole can last up to `windowMs` + 5 s.
 */
export async function retryWhileUnavailable<T>(
  work: () => Promise<T>,
  { windowMs, onUnavailable }: { windowMs: number; onUnavailable?: (error: unknown) => void },
): Promise<T> {
  const deadline = performance.now() + windowMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      onUnavailable?.(error);
      const wait = Math.min(250 * 2 ** attempt, 2_000);
      if (performance.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
