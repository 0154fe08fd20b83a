// The composer's side of the token-count worker, loaded with import() the first time the user types:
// the worker's bootstrap stays out of the page's first-load JavaScript along with the tokenizer.
import type { TokenCountReply, TokenCountRequest } from "./token-count-protocol";

export type TokenCounterClient = { post: (request: TokenCountRequest) => void; terminate: () => void };

export function startTokenCounter(onReply: (reply: TokenCountReply) => void): TokenCounterClient {
  const worker = new Worker(new URL("./token-count.worker.ts", import.meta.url), { type: "module" });
  worker.onmessage = (event: MessageEvent<TokenCountReply>) => onReply(event.data);
  return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate() };
}
