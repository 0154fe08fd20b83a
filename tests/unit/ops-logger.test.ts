import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { configureLogger, formatLine, logger, type LogLevel } from "@/lib/ops/logger";
import { noteRequestUser } from "@/lib/ops/request-context";
import { requestIdFrom, routeOf, withRequestLog } from "@/lib/ops/request-log";

const TIME = new Date("2026-12-07T01:02:03.456Z");

function capture(level: LogLevel, format: "json" | "pretty" = "json") {
  const lines: { level: LogLevel; line: string }[] = [];
  configureLogger({ level, format, write: (lineLevel, line) => lines.push({ level: lineLevel, line }) });
  return lines;
}

afterEach(() => configureLogger({ level: "info", format: "pretty" }));

describe("formatLine", () => {
  it("writes one JSON object per line, leaving out undefined fields", () => {
    const line = formatLine("json", "info", "request", { status: 200, userId: undefined, route: "/a" }, TIME);
    expect(line).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({
      time: "2026-12-07T01:02:03.456Z",
      level: "info",
      msg: "request",
      status: 200,
      route: "/a",
    });
  });

  it("writes a readable line in development, quoting values with spaces or quotes", () => {
    const line = formatLine("pretty", "warn", "draining", { answers: 2, note: 'a "b"', route: "/c" }, TIME);
    expect(line).toBe('2026-12-07T01:02:03.456Z WARN  draining answers=2 note="a \\"b\\"" route=/c');
  });

  it("escapes a newline inside a value so that one event stays one line", () => {
    expect(formatLine("json", "error", "x", { error: "a\nb" }, TIME)).not.toContain("\n");
    expect(formatLine("pretty", "error", "x", { error: "a\nb" }, TIME)).not.toContain("\n");
  });
});

describe("LOG_LEVEL filtering", () => {
  it.each([
    ["error", ["error"]],
    ["warn", ["error", "warn"]],
    ["info", ["error", "warn", "info"]],
    ["debug", ["error", "warn", "info", "debug"]],
  ] as const)("at %s, logs %j", (level, expected) => {
    const lines = capture(level);
    logger.error("e");
    logger.warn("w");
    logger.info("i");
    logger.debug("d");
    expect(lines.map((line) => line.level)).toEqual(expected);
  });
});

describe("request ids and routes", () => {
  it("keeps a sane incoming id and replaces anything else", () => {
    expect(requestIdFrom("abc-123_DEF.4:5")).toBe("abc-123_DEF.4:5");
    const uuid = /^[0-9a-f-]{36}$/;
    expect(requestIdFrom(undefined)).toMatch(uuid);
    expect(requestIdFrom("")).toMatch(uuid);
    expect(requestIdFrom("x".repeat(65))).toMatch(uuid);
    expect(requestIdFrom('a"b')).toMatch(uuid);
    expect(requestIdFrom("a b")).toMatch(uuid);
    expect(requestIdFrom(["a", "b"])).toMatch(uuid);
  });

  it("logs the path without the query string or fragment", () => {
    expect(routeOf("/c/123?q=secret+words#x")).toBe("/c/123");
    expect(routeOf("/api/chat")).toBe("/api/chat");
    expect(routeOf(undefined)).toBe("/");
    expect(routeOf(`/${"a".repeat(300)}`)).toHaveLength(201);
  });
});

describe("withRequestLog", () => {
  it("logs one line per request with the id echoed, the status, the duration and the noted user", async () => {
    const lines = capture("info");
    const handle = withRequestLog(async (req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      // As the auth layer does deep inside Next.js's handler, a few awaits later.
      if (req.url?.startsWith("/me")) noteRequestUser("00000000-0000-4000-8000-000000000001");
      res.statusCode = req.url?.startsWith("/missing") ? 404 : 200;
      res.end("hello");
    });
    const server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const signedIn = await fetch(`${base}/me?text=private+message`, {
        headers: { "x-request-id": "lb-42" },
      });
      expect(signedIn.headers.get("x-request-id")).toBe("lb-42");
      const anonymous = await fetch(`${base}/missing`, { headers: { "x-request-id": "bad id!" } });
      const generated = anonymous.headers.get("x-request-id");
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      await expect.poll(() => lines.length).toBe(2);

      const [first, second] = lines.map((line) => JSON.parse(line.line) as Record<string, unknown>);
      expect(first).toMatchObject({
        level: "info",
        msg: "request",
        requestId: "lb-42",
        method: "GET",
        route: "/me",
        status: 200,
        userId: "00000000-0000-4000-8000-000000000001",
      });
      expect(first!.durationMs).toBeGreaterThanOrEqual(15);
      expect(lines[0]!.line).not.toContain("private");
      expect(second).toMatchObject({ requestId: generated, route: "/missing", status: 404 });
      expect(second).not.toHaveProperty("userId");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
