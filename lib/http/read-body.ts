import { AppError } from "../errors/app-error";

/**
 * A request body as text, read through a byte counter that stops keeping bytes as soon as it passes
 * `maxBytes`: with or without Content-Length (a chunked body declares no length), memory never holds
 * more than the limit. A declared length above the limit is refused before a byte is read.
 */
export async function readBodyText(request: Request, maxBytes: number, tooLarge: string): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away while sending (a page unloading mid-request): nobody reads the answer,
      // and it is not a server error worth logging.
      throw new AppError("VALIDATION", "The request was interrupted.");
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > maxBytes) {
      void discardRest(reader);
      throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
    }
    chunks.push(chunk.value);
  }
  return new TextDecoder().decode(concat(chunks, total));
}

// After the limit, bytes are read and dropped (never kept) for a while before the stream is
// cancelled. Cancelling at once closes the connection while the client is still sending, and TCP then
// resets it: the client gets ECONNRESET instead of the 413 (nginx's "lingering close" for the same
// reason). An endless body is cut off after these bounds.
const LINGER_BYTES = 128 * 1024 * 1024;
const LINGER_MS = 10_000;

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  // Also ends a pending read when the client stalls.
  const timer = setTimeout(() => void reader.cancel().catch(() => {}), LINGER_MS);
  let discarded = 0;
  try {
    while (discarded < LINGER_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      discarded += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to discard.
  } finally {
    clearTimeout(timer);
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}
