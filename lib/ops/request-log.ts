import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { log, type LogFields } from "./logger";
import { runWithRequestContext, type RequestContext } from "./request-context";

// One log line per HTTP request, written when the response is finished (or the client went away):
// request id, method, route, status, duration, user id. Never the query string, a body or any message
// text: the route is the path alone. No "server-only": used by scripts/lib/serve-next.ts.

export const REQUEST_ID_HEADER = "x-request-id";

// A load balancer's or client's id is kept when it looks like one (uuid, hex, nginx's $request_id);
// anything else (long, or with characters a log parser could trip on) is replaced.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdFrom(incoming: string | string[] | undefined): string {
  return typeof incoming === "string" && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The path without the query string or fragment: what is logged as the route. */
export function routeOf(url: string | undefined): string {
  const path = (url ?? "/").split(/[?#]/, 1)[0] ?? "/";
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

export function requestLogFields(opts: {
  requestId: string;
  method: string | undefined;
  url: string | undefined;
  status: number;
  durationMs: number;
  userId: string | undefined;
  aborted: boolean;
}): LogFields {
  return {
    requestId: opts.requestId,
    method: opts.method ?? "GET",
    route: routeOf(opts.url),
    status: opts.status,
    durationMs: Math.round(opts.durationMs * 10) / 10,
    userId: opts.userId,
    // The client left before the response ended (a closed tab, a cancelled stream).
    aborted: opts.aborted || undefined,
  };
}

/**
 * Wraps a request handler: sets the request id on the request and the response, runs the handler in
 * a request context, and logs the line when the response ends.
 */
export function withRequestLog(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return (req, res) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const context: RequestContext = {};
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const status = res.statusCode;
      const fields = requestLogFields({
        requestId,
        method: req.method,
        url: req.url,
        status,
        durationMs: performance.now() - started,
        userId: context.userId,
        aborted: !res.writableFinished,
      });
      log(status >= 500 ? "error" : "info", "request", fields);
    };
    res.once("finish", done);
    res.once("close", done);
    return runWithRequestContext(context, () => handle(req, res));
  };
}
