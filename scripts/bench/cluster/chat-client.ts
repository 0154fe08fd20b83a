// A chat client as the browser is one: POST /api/chat with its own message id, read the answer's UI
// message stream (server-sent events) to its final status, and, when the stream breaks before that
// (its instance died), reconnect through nginx with GET /api/chat/answers/{answerId}/stream, which
// sends the text so far as one text-delta and then the rest live, ending with the final status.
import { randomUUID } from "node:crypto";
import { sleep } from "./ports";

export type FinalStatus = "complete" | "stopped" | "error";

export type ChatResult = {
  messageId: string;
  /** From the stream's start chunk; null when no stream ever started. */
  answerId: string | null;
  /** Responses other than 200 (and connections that failed) the client saw, by status (0 = network). */
  failures: number[];
  /** 409 "already sent": an earlier attempt stored the message, its response never arrived. */
  conflict: boolean;
  ttftMs: number;
  startedAt: number;
  endedAt: number;
  /** The answer's text as this client ends up with it. */
  text: string;
  /** The final status the client was told (null: never told). */
  status: FinalStatus | null;
  error: string | null;
  /** The POST's stream broke before its final status. */
  broken: boolean;
  /** Resume requests sent, and whether one of them delivered the final status. */
  resumeAttempts: number;
  resumed: boolean;
  /** performance.now() when the final status arrived. */
  closedAt: number | null;
};

type Chunk = {
  type: string;
  messageId?: string;
  delta?: string;
  errorText?: string;
  messageMetadata?: { status?: string; error?: string | null };
};

/** POSTs that nginx gave up on (or that never reached it) are sent again, with the same message id. */
const POST_ATTEMPTS = 3;
const RESUME_DEADLINE_MS = 75_000;

/**
 * Reads a UI message stream into `into` (its text is replaced by a resume's first delta, which holds
 * all the text so far). Returns true when the final status arrived, false when the stream broke.
 */
async function readStream(
  response: Response,
  into: ChatResult,
  onFirstDelta: () => void,
  mode: "post" | "resume",
): Promise<boolean> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let text = mode === "resume" ? "" : into.text;
  let ended = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        for (const line of event.split("\n")) {
          if (!line.startsWith("data: ")) continue;
          const data = line.slice(6);
          if (data === "[DONE]") continue;
          const chunk = JSON.parse(data) as Chunk;
          if (chunk.type === "start" && chunk.messageId) into.answerId = chunk.messageId;
          else if (chunk.type === "text-delta") {
            if (text === "" && mode === "post") onFirstDelta();
            text += chunk.delta ?? "";
          } else if (chunk.type === "message-metadata" || chunk.type === "finish") {
            const status = chunk.messageMetadata?.status;
            if (status === "complete" || status === "stopped" || status === "error") {
              into.status = status;
              into.error = chunk.messageMetadata?.error ?? null;
            }
            if (chunk.type === "finish") ended = true;
          } else if (chunk.type === "error") {
            into.status = "error";
            into.error ??= chunk.errorText ?? null;
            ended = true;
          }
        }
      }
    }
  } catch {
    // The connection broke (nginx closes the client's side when its upstream dies).
  } finally {
    into.text = text;
  }
  if (ended) into.closedAt = performance.now();
  return ended;
}

export async function chat(baseUrl: string, cookie: string, text = "Hello there"): Promise<ChatResult> {
  const result: ChatResult = {
    messageId: randomUUID(),
    answerId: null,
    failures: [],
    conflict: false,
    ttftMs: NaN,
    startedAt: performance.now(),
    endedAt: NaN,
    text: "",
    status: null,
    error: null,
    broken: false,
    resumeAttempts: 0,
    resumed: false,
    closedAt: null,
  };
  const body = JSON.stringify({
    trigger: "submit",
    conversationId: null,
    parentId: null,
    message: { id: result.messageId, text },
  });
  for (let attempt = 0; attempt < POST_ATTEMPTS; attempt++) {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body,
      });
    } catch {
      result.failures.push(0);
      await sleep(1_000);
      continue;
    }
    if (response.status === 409) {
      await response.arrayBuffer().catch(() => undefined);
      result.failures.push(409);
      result.conflict = true;
      break;
    }
    if (!response.ok || !response.body) {
      await response.arrayBuffer().catch(() => undefined);
      result.failures.push(response.status);
      await sleep(1_000);
      continue;
    }
    const ended = await readStream(
      response,
      result,
      () => (result.ttftMs = performance.now() - result.startedAt),
      "post",
    );
    if (!ended) {
      result.broken = true;
      if (result.answerId) await resume(baseUrl, cookie, result);
    }
    break;
  }
  result.endedAt = performance.now();
  return result;
}

/** Reconnects to a broken answer until its final status arrives (or the deadline passes). */
async function resume(baseUrl: string, cookie: string, result: ChatResult): Promise<void> {
  const until = performance.now() + RESUME_DEADLINE_MS;
  while (performance.now() < until) {
    result.resumeAttempts++;
    try {
      const response = await fetch(`${baseUrl}/api/chat/answers/${result.answerId}/stream`, {
        headers: { cookie },
      });
      if (response.ok && response.body) {
        if (await readStream(response, result, () => undefined, "resume")) {
          result.resumed = true;
          return;
        }
      } else {
        await response.arrayBuffer().catch(() => undefined);
      }
    } catch {
      // nginx or the instance went away again: try once more
    }
    await sleep(1_000);
  }
}
