import { AppError } from "../errors/app-error";

/**
 * A request body as text, read through a byte counter that cancels the stream as soon as it passes
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
      // Stop taking bytes now; what the client still sends is discarded, never buffered.
      void reader.cancel().catch(() => {});
      throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
    }
    chunks.push(chunk.value);
  }
  return new TextDecoder().decode(concat(chunks, total));
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
