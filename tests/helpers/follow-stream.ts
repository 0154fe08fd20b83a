import { events, type Chunk } from "./ui-stream";

// A UI message stream read in the background, so a test can look at what has arrived so far (the
// text so far of a resumed answer, then each live piece) before the stream ends.

export type Followed = {
  chunks: Chunk[];
  /** The text of the deltas received so far. */
  text: () => string;
  done: Promise<Chunk[]>;
};

export function followStream(stream: ReadableStream<Uint8Array>): Followed {
  const chunks: Chunk[] = [];
  const done = (async () => {
    for await (const chunk of events(stream)) chunks.push(chunk);
    return chunks;
  })();
  return {
    chunks,
    text: () => chunks.map((c) => (c.type === "text-delta" ? c.delta : "")).join(""),
    done,
  };
}
