import { expect } from "vitest";

// The chat route's answer as the browser reads it: server-sent events of AI SDK UI message chunks,
// ended by `[DONE]`. Shared by the tests that run the real pipeline (prepareTurn + streamTurn).

export type Chunk = {
  type: string;
  delta?: string;
  messageMetadata?: Record<string, unknown>;
  errorText?: string;
};

/** The stream's chunks, decoded strictly: every event is `data: …`, nothing follows `[DONE]`. */
export async function* events(stream: ReadableStream<Uint8Array>): AsyncGenerator<Chunk> {
  const decoder = new TextDecoder();
  let buffer = "";
  let done = false;
  for await (const bytes of stream as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(bytes, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      expect(event.startsWith("data: ")).toBe(true);
      expect(done).toBe(false);
      if (event === "data: [DONE]") done = true;
      else yield JSON.parse(event.slice(6)) as Chunk;
    }
  }
  expect(buffer).toBe("");
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of events(stream)) chunks.push(chunk);
  return chunks;
}

export const textOf = (chunks: Chunk[]) =>
  chunks.map((c) => (c.type === "text-delta" ? c.delta : "")).join("");
