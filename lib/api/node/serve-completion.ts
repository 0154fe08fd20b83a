import "server-only";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { SECURITY_HEADERS } from "../../http/security-headers";
import { apiCaller } from "../api-route";
import { corsHeaders } from "../cors";
import { describeApiError } from "../openai-error";
import { startCompletion } from "../completions/completion-route";

// POST /api/v1/chat/completions served straight from node:http by the production server, rather than
// through Next.js's request pipeline. The answer is the same (startCompletion is shared with the route
// handler Next.js mounts, which `next dev` and the tests' route server still use); what is skipped is
// Next.js's per-request work around a route handler: its routing, its request and response objects,
// and a web stream per answer that every chunk crossed on its way to the socket. Here each chunk is
// one write to the response. docs/benchmarks.md ("Public API") has the figures.

const PATH = "/api/v1/chat/completions";

export function acceptsCompletion(req: IncomingMessage): boolean {
  if (req.method !== "POST" || !req.url?.startsWith(PATH)) return false;
  const rest = req.url.slice(PATH.length);
  return rest === "" || rest.startsWith("?");
}

/** The request as the shared code reads it: headers, and the body as a web stream read on demand. */
function webRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return new Request(`http://localhost${req.url}`, {
    method: "POST",
    headers,
    body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
    duplex: "half",
  } as RequestInit);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders): void {
  if (res.headersSent || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  res.end(json);
}

export async function serveCompletion(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let cors: Record<string, string> = {};
  try {
    const request = webRequest(req);
    cors = corsHeaders(request);
    const reply = await startCompletion(await apiCaller(request, "chat"), request);
    if (reply.kind === "json") return sendJson(res, 200, reply.body, { ...reply.headers, ...cors });
    const stream = reply.stream;
    // The answer goes on being made and stored if the client leaves; only the writes stop.
    res.once("close", () => stream.detach());
    if (res.destroyed) return stream.detach();
    res.writeHead(200, { ...SECURITY_HEADERS, ...reply.headers, ...cors });
    stream.attach({ write: (text) => void res.write(text), close: () => void res.end() });
  } catch (error) {
    const { status, body, headers } = describeApiError(error);
    sendJson(res, status, { error: body }, { ...headers, ...cors });
  }
}
