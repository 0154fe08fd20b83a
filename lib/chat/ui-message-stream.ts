import "server-only";
import type { UIMessageChunk } from "ai";
import type { StreamMetadata } from "./types";

// The UI message stream protocol that useChat reads: Server-Sent Events, one JSON chunk per event,
// ended by `[DONE]`. Written here rather than through createUIMessageStreamResponse, whose three
// stream layers (JSON → SSE text → bytes) cost more CPU per chunk than the rest of the answer.

export type Chunk = UIMessageChunk<StreamMetadata>;

export const UI_STREAM_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream",
  // no-transform: Next.js would otherwise gzip the stream chunk by chunk (a zlib flush per token).
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-vercel-ai-ui-message-stream": "v1",
  "x-accel-buffering": "no",
};

const encoder = new TextEncoder();

export const encodeChunk = (chunk: Chunk): Uint8Array => encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`);

export const DONE = encoder.encode("data: [DONE]\n\n");
