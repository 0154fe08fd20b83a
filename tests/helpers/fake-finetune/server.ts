// The part every fake fine-tuning service shares: a node:http server that records each request, parses
// JSON and multipart bodies, and applies the faults a test sets (a required or revoked key, 429s with
// retry-after, an outage answering 503 or dropping connections) before the provider's own routes run.
// POST /__control (never faulted) lets a test in another process (e2e) change the same controls.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeControls = {
  /** When set, every request must carry "Authorization: Bearer <apiKey>", else 401. */
  apiKey: string | null;
  /** The key was revoked: every request gets 401 whatever it carries. */
  revoked: boolean;
  /** The service is down: 503 on every request, or connections closed without an answer. */
  down: "503" | "close" | null;
  /** The next `times` requests get 429 with `retry-after: retryAfterSeconds`. */
  rateLimit: { times: number; retryAfterSeconds: number } | null;
  /** Job creation is refused with 403 and this message (OpenAI's cut-off). */
  refuseCreate: string | null;
  /** The next job created fails once it starts running, with this provider message. */
  failNextJob: string | null;
};

export const DEFAULT_CONTROLS: FakeControls = {
  apiKey: null,
  revoked: false,
  down: null,
  rateLimit: null,
  refuseCreate: null,
  failNextJob: null,
};

export type RecordedRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, when it was JSON. */
  json: unknown;
  /** Multipart fields (files as their name and size), when it was a form. */
  form: Record<string, string | { filename: string; size: number; text: string }> | null;
};

export type Route = (
  request: RecordedRequest,
  response: ServerResponse,
  controls: FakeControls,
) => boolean | Promise<boolean>;

export type FakeServer = {
  /** http://127.0.0.1:<port> (no path). */
  origin: string;
  requests: RecordedRequest[];
  controls: FakeControls;
  setControls(patch: Partial<FakeControls>): void;
  close(): Promise<void>;
};

export function sendJson(response: ServerResponse, status: number, body: unknown, headers = {}) {
  response.writeHead(status, { ...headers, "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readRaw(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(
  headers: IncomingHttpHeaders,
  raw: Buffer,
): Promise<Pick<RecordedRequest, "json" | "form">> {
  const type = headers["content-type"] ?? "";
  if (type.startsWith("multipart/form-data")) {
    // The platform's own multipart parser (undici), rather than one of ours.
    const parsed = await new Response(new Uint8Array(raw), { headers: { "content-type": type } }).formData();
    const form: NonNullable<RecordedRequest["form"]> = {};
    for (const [name, value] of parsed.entries()) {
      form[name] =
        typeof value === "string"
          ? value
          : { filename: value.name, size: value.size, text: await value.text() };
    }
    return { json: undefined, form };
  }
  if (raw.length === 0) return { json: undefined, form: null };
  try {
    return { json: JSON.parse(raw.toString("utf8")) as unknown, form: null };
  } catch {
    return { json: undefined, form: null };
  }
}

/**
 * Starts a fake service. `errorBody(status, message)` writes an error in the provider's own shape;
 * `routes` are tried in order until one answers.
 */
export async function startFakeServer(options: {
  port?: number;
  errorBody: (status: number, message: string) => unknown;
  routes: Route[];
  onControl?: (body: Record<string, unknown>) => void;
}): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const controls: FakeControls = { ...DEFAULT_CONTROLS };
  const setControls = (patch: Partial<FakeControls>) => {
    for (const key of Object.keys(patch) as (keyof FakeControls)[]) {
      const value = patch[key];
      (controls as Record<string, unknown>)[key] = value === undefined ? DEFAULT_CONTROLS[key] : value;
    }
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", "http://fake");
    const raw = await readRaw(request);
    if (url.pathname === "/__control" && request.method === "POST") {
      const body = JSON.parse(raw.toString("utf8") || "{}") as Record<string, unknown>;
      const patch = Object.fromEntries(
        Object.entries(body)
          .filter(([key]) => key in DEFAULT_CONTROLS)
          .map(([k, v]) => [k, v ?? undefined]),
      ) as Partial<FakeControls>;
      setControls(patch);
      options.onControl?.(body);
      response.writeHead(204).end();
      return;
    }
    if (url.pathname === "/__requests" && request.method === "GET") {
      sendJson(
        response,
        200,
        requests.map(({ method, path }) => ({ method, path })),
      );
      return;
    }
    const record: RecordedRequest = {
      method: request.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      ...(await parseBody(request.headers, raw)),
    };
    requests.push(record);

    if (controls.down === "close") {
      request.socket.destroy();
      return;
    }
    if (controls.down === "503") {
      sendJson(response, 503, options.errorBody(503, "The service is temporarily unavailable."));
      return;
    }
    if (controls.revoked) {
      sendJson(response, 401, options.errorBody(401, "The API key was revoked."));
      return;
    }
    if (controls.apiKey !== null && request.headers.authorization !== `Bearer ${controls.apiKey}`) {
      sendJson(response, 401, options.errorBody(401, "Incorrect API key provided."));
      return;
    }
    if (controls.rateLimit && controls.rateLimit.times > 0) {
      const { retryAfterSeconds } = controls.rateLimit;
      controls.rateLimit =
        controls.rateLimit.times > 1 ? { ...controls.rateLimit, times: controls.rateLimit.times - 1 } : null;
      sendJson(response, 429, options.errorBody(429, "Rate limit reached."), {
        "retry-after": String(retryAfterSeconds),
      });
      return;
    }
    for (const route of options.routes) {
      if (await route(record, response, controls)) return;
    }
    sendJson(response, 404, options.errorBody(404, `Unknown route ${record.method} ${record.path}.`));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, options.errorBody(500, String(error)));
      else response.destroy();
    });
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    controls,
    setControls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A path's segments after a prefix, or null when it does not start with it. */
export function segmentsAfter(path: string, prefix: string): string[] | null {
  if (path !== prefix && !path.startsWith(`${prefix}/`)) return null;
  return path
    .slice(prefix.length)
    .split("/")
    .filter(Boolean)
    .map((segment) => decodeURIComponent(segment));
}

/** Falling train/valid losses for step `n` of a fake run: known, decreasing, never zero. */
export function lossesAt(step: number): { train: number; valid: number } {
  return {
    train: Number((2 / (1 + step * 0.5)).toFixed(4)),
    valid: Number((2.2 / (1 + step * 0.45)).toFixed(4)),
  };
}
