// Counts the composer's tokens off the main thread: the tokenizer's tables are megabytes and a long
// draft takes milliseconds to count, neither of which may touch typing. Loaded by use-token-count.ts
// the first time the user types, never with the page.
import {
  countContext,
  encodingFor,
  loadCounter,
  TOKENS_PER_MESSAGE,
  type Encoding,
} from "@/lib/usage/token-count";
import type { TokenCountReply, TokenCountRequest } from "./token-count-protocol";

let encoding: Encoding = "cl100k_base";
let context = 0;
// Messages are handled one at a time, in order: a draft is always counted against the latest context.
let queue: Promise<void> = Promise.resolve();

async function handle(request: TokenCountRequest): Promise<void> {
  if (request.kind === "context") {
    encoding = encodingFor(request.modelId);
    context = countContext(await loadCounter(encoding), request.system, request.messages);
    return;
  }
  const count = await loadCounter(encoding);
  const draft = request.text.length === 0 ? 0 : TOKENS_PER_MESSAGE + count(request.text);
  const reply: TokenCountReply = { id: request.id, context, draft };
  postMessage(reply);
}

addEventListener("message", (event: MessageEvent<TokenCountRequest>) => {
  queue = queue.then(() => handle(event.data)).catch(() => undefined);
});
