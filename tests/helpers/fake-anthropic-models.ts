// A tiny fake of Anthropic's GET /v1/models (x-api-key and anthropic-version checked, paged with
// limit/after_id/has_more/last_id as Anthropic pages), for Admin → Models' provider client.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeAnthropic = {
  /** The API root as an admin enters it (no /v1). */
  url: string;
  requests: { path: string; headers: Record<string, string | string[] | undefined> }[];
  close(): Promise<void>;
};

export async function startFakeAnthropic(options: {
  apiKey: string;
  models: { id: string; displayName: string }[];
  pageSize?: number;
}): Promise<FakeAnthropic> {
  const requests: FakeAnthropic["requests"] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    requests.push({ path: url.pathname + url.search, headers: request.headers });
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.headers["x-api-key"] !== options.apiKey) {
      send(401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
      return;
    }
    if (request.headers["anthropic-version"] !== "2023-06-01") {
      send(400, { type: "error", error: { type: "invalid_request_error", message: "anthropic-version" } });
      return;
    }
    if (request.method !== "GET" || url.pathname !== "/v1/models") {
      send(404, { type: "error", error: { type: "not_found_error", message: "Not found" } });
      return;
    }
    const size = Math.min(options.pageSize ?? 20, Number(url.searchParams.get("limit") ?? 20));
    const after = url.searchParams.get("after_id");
    const start = after ? options.models.findIndex((m) => m.id === after) + 1 : 0;
    const page = options.models.slice(start, start + size);
    send(200, {
      data: page.map((m) => ({
        type: "model",
        id: m.id,
        display_name: m.displayName,
        created_at: "2025-01-01T00:00:00Z",
      })),
      has_more: start + size < options.models.length,
      first_id: page[0]?.id ?? null,
      last_id: page.at(-1)?.id ?? null,
    });
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
