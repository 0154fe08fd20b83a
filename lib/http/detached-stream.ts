// A response body that outlives its reader. Generation goes on when the browser goes away (the answer
// is still stored), so writes to a stream nobody reads are dropped instead of throwing. Used by the
// chat's answer stream, the blind arena's and the playground's.

export type DetachedStream<T> = {
  stream: ReadableStream<Uint8Array>;
  /** Writes one item, or nothing once the reader has gone. */
  emit: (item: T) => void;
  /** Ends the stream, after `last` when given. */
  close: (last?: Uint8Array) => void;
};

export function detachedStream<T>(encode: (item: T) => Uint8Array): DetachedStream<T> {
  let out: ReadableStreamDefaultController<Uint8Array> | null = null;
  const write = (bytes: Uint8Array) => {
    if (!out) return;
    try {
      out.enqueue(bytes);
    } catch {
      out = null; // the browser went away; keep generating
    }
  };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      out = controller;
    },
    cancel() {
      out = null;
    },
  });
  return {
    stream,
    emit: (item) => write(encode(item)),
    close: (last) => {
      if (last) write(last);
      try {
        out?.close();
      } catch {
        // already closed by the reader's side
      }
      out = null;
    },
  };
}
