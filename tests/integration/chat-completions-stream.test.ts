import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { APICallError } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamChatCompletions } from "@/lib/ai/chat-completions-stream";
import { describeProviderError } from "@/lib/ai/provider-errors";

// The lean client's wire handling, against a raw HTTP server that writes exactly the bytes each case
// needs: framings a real server may use (CRLF, events split across packets, characters split across
// reads), and the ways a stream can go wrong.
let server: Server;
let baseURL: string;
let respond: (response: ServerResponse, body: unknown) => void = () => undefined;
const received: { headers: Record<string, unknown>; body: unknown }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (text += chunk));
    request.on("end", () => {
      const body: unknown = JSON.parse(text);
      received.push({ headers: request.headers, body });
      respond(response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sse = { "content-type": "text/event-stream" };
const delta = (content: string) => JSON.stringify({ choices: [{ delta: { content } }] });

function call(apiKey?: string) {
  const deltas: string[] = [];
  let chunks = 0;
  const result = streamChatCompletions(
    { baseURL, apiKey, modelId: "m-1" },
    {
      system: "",
      messages: [{ role: "user", text: "Hi" }],
      seed: 3,
      signal: new AbortController().signal,
      onChunk: () => chunks++,
      onText: (text) => void deltas.push(text),
    },
  );
  return { deltas, result, chunks: () => chunks };
}

describe("streamChatCompletions", () => {
  it("parses CRLF framing, events split across writes and characters split across reads", async () => {
    const euro = Buffer.from(`data: ${delta("€ and ü")}\n\n`);
    respond = (response) => {
      response.writeHead(200, sse);
      response.write(`: keep-alive comment\r\n\r\ndata: ${delta("Hello")}\r\n\r\n`);
      response.write(`data: ${delta(" wor")}`);
      setTimeout(() => {
        response.write(`\n\ndata: ${delta("ld ")}\n\n`);
        const cut = euro.indexOf(Buffer.from("€")) + 1; // inside the euro sign's three bytes
        response.write(euro.subarray(0, cut));
        setTimeout(() => {
          response.write(euro.subarray(cut));
          response.write(
            `data: ${JSON.stringify({ choices: [{ delta: {}, finish_reason: "length" }] })}\n\n`,
          );
          response.write(
            `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 9 } })}\n\n`,
          );
          response.end("data: [DONE]\n\n");
        }, 20);
      }, 20);
    };
    const { deltas, result, chunks } = call("sk-test");
    expect(await result).toEqual({
      finishReason: "length",
      inputTokens: 4,
      cachedInputTokens: null,
      outputTokens: 9,
    });
    expect(deltas.join("")).toBe("Hello world € and ü");
    expect(chunks()).toBeGreaterThanOrEqual(3);
    expect(received.at(-1)).toMatchObject({
      headers: { authorization: "Bearer sk-test" },
      body: {
        model: "m-1",
        seed: 3,
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: "user", content: "Hi" }],
      },
    });
  });

  it("waits for an onText that returns a promise, in order, before reading on or finishing", async () => {
    respond = (response) => {
      response.writeHead(200, sse);
      // Several events in one write, then the last one (its line, without the blank line that ends an
      // event) while the first ones are still being handled.
      response.write(`data: ${delta("a")}\n\ndata: ${delta("b")}\n\ndata: ${delta("c")}\n\n`);
      setTimeout(() => {
        response.end(
          `data: ${JSON.stringify({ choices: [{ delta: { content: "d" }, finish_reason: "stop" }] })}\n`,
        );
      }, 5);
    };
    const handled: string[] = [];
    let busy = false;
    const result = streamChatCompletions(
      { baseURL, apiKey: undefined, modelId: "m-1" },
      {
        system: "",
        messages: [{ role: "user", text: "Hi" }],
        seed: 3,
        signal: new AbortController().signal,
        onChunk: () => undefined,
        onText: async (text) => {
          // Never two at once: the next piece waits for this one.
          expect(busy).toBe(false);
          busy = true;
          await new Promise((resolve) => setTimeout(resolve, 15));
          handled.push(text);
          busy = false;
        },
      },
    );
    expect(await result).toMatchObject({ finishReason: "stop" });
    expect(handled).toEqual(["a", "b", "c", "d"]);
  });

  it("sends no Authorization header without a key, and accepts a stream that ends without [DONE]", async () => {
    respond = (response) => {
      response.writeHead(200, sse);
      response.end(
        `data: ${JSON.stringify({ choices: [{ delta: { content: "ok" }, finish_reason: "stop" }] })}\n\n`,
      );
    };
    const { result } = call();
    expect(await result).toMatchObject({ finishReason: "stop" });
    expect(received.at(-1)!.headers.authorization).toBeUndefined();
  });

  it("reports an HTTP error as an APICallError with its status, headers and body", async () => {
    respond = (response) => {
      response.writeHead(401, { "content-type": "application/json", "x-request-id": "abc" });
      response.end(JSON.stringify({ error: { message: "bad key" } }));
    };
    const error = await call("sk-wrong").result.catch((e: unknown) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      statusCode: 401,
      responseHeaders: { "x-request-id": "abc" },
      responseBody: JSON.stringify({ error: { message: "bad key" } }),
    });
    expect(describeProviderError(error).message).toMatch(/rejected Flywheel's credentials/);
  });

  it("rejects on an error event mid-stream, after the text that came before it", async () => {
    respond = (response) => {
      response.writeHead(200, sse);
      response.end(
        `data: ${delta("partial")}\n\ndata: ${JSON.stringify({ error: { message: "overloaded" } })}\n\n`,
      );
    };
    const { deltas, result } = call();
    await expect(result).rejects.toThrow("overloaded");
    expect(deltas).toEqual(["partial"]);
  });

  it("rejects a stream that ends before the completion does, as an interrupted connection", async () => {
    respond = (response) => {
      response.writeHead(200, sse);
      response.end(`data: ${delta("half an ans")}\n\n`);
    };
    const error = await call().result.catch((e: unknown) => e);
    expect(describeProviderError(error).message).toBe(
      "The connection to the model provider was interrupted.",
    );
  });

  it("rejects a chunk that is not JSON", async () => {
    respond = (response) => {
      response.writeHead(200, sse);
      response.end("data: {not json\n\n");
    };
    await expect(call().result).rejects.toBeInstanceOf(SyntaxError);
  });

  it("reports an unreachable server as a network failure", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await streamChatCompletions(
      { baseURL: `http://127.0.0.1:${port}/v1`, apiKey: undefined, modelId: "m" },
      {
        system: "",
        messages: [{ role: "user", text: "Hi" }],
        seed: 1,
        signal: new AbortController().signal,
        onChunk: () => undefined,
        onText: () => undefined,
      },
    ).catch((e: unknown) => e);
    expect(describeProviderError(error).message).toBe(
      "The connection to the model provider was interrupted.",
    );
  });
});
