import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";

type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[]>> },
) => Response | Promise<Response>;

/** A node:http handler, as the production server runs the public API's hot route (lib/api/node). */
type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A path pattern ("/api/v1/models/:id") with its handlers by method, web or node:http. */
export type Route = {
  path: string;
  methods: Partial<Record<string, RouteHandler>>;
  node?: Partial<Record<string, NodeHandler>>;
};

function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = pathname.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i]!;
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(got[i]!);
    else if (part !== got[i]) return null;
  }
  return params;
}

/**
 * A real HTTP server on a free port that serves the app's route handlers, so that a real client (the
 * official `openai` SDK, curl) talks to them over the network as it would to `next start`, while the
 * test keeps the database and the process to itself.
 */
export async function startRouteServer(
  routes: Route[],
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      for (const route of routes) {
        const params = match(route.path, url.pathname);
        if (!params) continue;
        const nodeHandler = route.node?.[req.method ?? "GET"];
        if (nodeHandler) return nodeHandler(req, res);
        const handler = route.methods[req.method ?? "GET"];
        if (!handler) break;
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === "string") headers.set(name, value);
          else if (Array.isArray(value)) headers.set(name, value.join(", "));
        }
        const hasBody = req.method !== "GET" && req.method !== "HEAD";
        const request = new Request(url, {
          method: req.method,
          headers,
          body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
          duplex: "half",
        } as RequestInit);
        const response = await handler(request, { params: Promise.resolve(params) });
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) {
          const reader = response.body.getReader();
          for (let part = await reader.read(); !part.done; part = await reader.read()) res.write(part.value);
        }
        res.end();
        return;
      }
      res.writeHead(404).end();
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
