// Closed-loop load: each user sends a chat, reads its answer to the end, and sends the next one, until
// told to stop. With 200 users there are always 200 chats in flight, so the throughput measured is
// what the cluster behind nginx sustains at that concurrency.
import { chat, type ChatResult } from "./chat-client";

export type Load = {
  results: ChatResult[];
  /** Stop sending new chats; resolves once every user's last chat has ended. */
  stop(): Promise<ChatResult[]>;
  startedAt: number;
};

export function startLoad(baseUrl: string, cookies: string[]): Load {
  const results: ChatResult[] = [];
  let stopping = false;
  const users = cookies.map(async (cookie) => {
    while (!stopping) results.push(await chat(baseUrl, cookie));
  });
  const startedAt = performance.now();
  return {
    results,
    startedAt,
    async stop() {
      stopping = true;
      await Promise.all(users);
      return results;
    },
  };
}

/** Runs the load for `ms` and returns the chats sent in that time (each read to its end). */
export async function runLoadFor(baseUrl: string, cookies: string[], ms: number): Promise<ChatResult[]> {
  const load = startLoad(baseUrl, cookies);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return load.stop();
}
