import "server-only";
import { assertAcceptingWork } from "../../ops/draining";
import type { ApiCaller } from "../../api-keys/verify";
import { apiRoute } from "../api-route";
import { CONVERSATION_HEADER } from "../cors";
import { readApiJson } from "../read-api-json";
import { parseCompletionRequest } from "./completion-input";
import { completionJson, failedCompletion } from "./completion-format";
import { completionStream, generate, metaOf, type CompletionStream } from "./completion-stream";
import { prepareCompletion } from "./prepare-completion";

const STREAM_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream",
  // no-transform: Next.js would otherwise gzip the stream chunk by chunk.
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

/** A completion ready to send: one JSON, or an event stream that has its first words. */
export type CompletionReply =
  | { kind: "json"; headers: Record<string, string>; body: unknown }
  | { kind: "stream"; headers: Record<string, string>; stream: CompletionStream };

/**
 * OpenAI's `POST /v1/chat/completions` up to its first words (streamed) or its end (not streamed),
 * for a verified caller; every stored call is an API conversation. Throws what the API answers with
 * an error status. Shared by Next.js's route handler (below) and the production server's own path
 * (lib/api/node/serve-completion.ts), so both answer alike.
 */
export async function startCompletion(caller: ApiCaller, request: Request): Promise<CompletionReply> {
  // A restarting instance takes no new answer: 503 + retry-after, which the SDKs and nginx retry.
  assertAcceptingWork();
  const input = parseCompletionRequest(await readApiJson(request));
  const turn = await prepareCompletion(caller, input, request.headers.get(CONVERSATION_HEADER));
  const headers: Record<string, string> = turn.persist ? { [CONVERSATION_HEADER]: turn.conversationId } : {};
  if (!input.stream) {
    const result = await generate(turn);
    if (result.status === "error") throw failedCompletion(result);
    return { kind: "json", headers, body: completionJson(metaOf(turn), result) };
  }
  const stream = completionStream(turn, input.includeUsage);
  const failed = await stream.ready;
  if (failed) throw failedCompletion(failed);
  return { kind: "stream", headers: { ...STREAM_HEADERS, ...headers }, stream };
}

const encoder = new TextEncoder();

/** The event stream as a web stream, for a Response. */
function webBody(stream: CompletionStream): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      stream.attach({
        write(text) {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            stream.detach(); // the client went away; the answer is still made and stored
          }
        },
        close() {
          try {
            controller.close();
          } catch {
            // already closed
          }
        },
      });
    },
    cancel() {
      stream.detach();
    },
  });
}

/** The route handler Next.js mounts at app/api/v1/chat/completions (and tests serve over HTTP). */
export const createCompletionRoute = apiRoute("chat", async (caller, request) => {
  const reply = await startCompletion(caller, request);
  if (reply.kind === "json") return Response.json(reply.body, { headers: reply.headers });
  return new Response(webBody(reply.stream), { headers: reply.headers });
});
