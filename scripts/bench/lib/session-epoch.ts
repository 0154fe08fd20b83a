// The session-epoch check on the chat's hot path (lib/auth/session-epoch.ts): each instance remembers
// an account's epoch for 30 s, so a request pays a primary-key read at most once per account and 30 s.
// Measured through POST /api/chat with an empty body, which is refused (400) right after the session is
// checked: "warm" has the token decrypted and the epoch remembered; "epoch expired" repeats the same
// requests 31 s later, when only the epoch must be read again (decrypted tokens are kept 5 minutes).
import { fmt, median } from "./stats";

async function timeRequest(url: string, cookie: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: "{}",
  });
  await response.arrayBuffer();
  if (response.status === 401) throw new Error("bench:chat: the session epoch check refused a valid token");
  return performance.now() - start;
}

async function timeAll(url: string, cookies: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const cookie of cookies) times.push(await timeRequest(url, cookie));
  return times;
}

/** Lines for the report: the cost of the epoch check, remembered and expired. */
export async function measureSessionEpoch(url: string, cookies: string[]): Promise<string[]> {
  const sample = cookies.slice(0, 100);
  await timeAll(url, sample);
  const warm = median(await timeAll(url, sample));
  await new Promise((resolve) => setTimeout(resolve, 31_000));
  const expired = median(await timeAll(url, sample));
  return [
    `session check, epoch remembered (median of ${sample.length}): ${fmt(warm)} ms`,
    `session check, epoch read again after 30 s (median of ${sample.length}): ${fmt(expired)} ms` +
      ` (+${fmt(expired - warm)} ms, once per account and 30 s per instance)`,
  ];
}
