import { createClient } from "redis";

// Plain Redis connections standing in for "another instance" in the Redis tests, and a poll helper.

export type PlainRedis = ReturnType<typeof plainClient>;

function plainClient(url: string) {
  return createClient({ url, socket: { reconnectStrategy: false } });
}

export async function connectPlain(url: string): Promise<PlainRedis> {
  const client = plainClient(url);
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

/** Polls until `check` returns true; the time it took, in ms. Fails after `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - started;
}

/** Waits until this many connections subscribe to `channel` (the subscription is asynchronous). */
export async function waitForSubscribers(client: PlainRedis, channel: string, count = 1): Promise<void> {
  await waitUntil(async () => ((await client.pubSubNumSub(channel))[channel] ?? 0) >= count);
}
