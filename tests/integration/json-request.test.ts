import { encode } from "next-auth/jwt";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { readJsonRequest } from "@/lib/http/json-request";
import { createUser } from "../helpers/factories";
import { resetDatabase } from "../helpers/reset";

// lib/http/json-request.ts is how route handlers take a body: origin, content type and caller are
// checked before a byte is read, and the body is counted as it streams in. The bodies here are real
// streams that record how much of them was pulled.
const CHUNK = 64 * 1024;
const LIMIT = 512 * 1024;
const USER = "00000000-0000-4000-8000-0000000000c1";
const SALT = "authjs.session-token";
const SPACES = new Uint8Array(CHUNK).fill(0x20);

async function sessionCookie(): Promise<string> {
  const token = await encode({
    token: { uid: USER, sub: USER },
    secret: process.env.AUTH_SECRET!,
    salt: SALT,
  });
  return `${SALT}=${token}`;
}

/** A chunked body of `total` bytes (no Content-Length) that counts what was pulled and notices a cancel. */
function endlessBody(total: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled >= total) return controller.close();
        seen.pulled += CHUNK;
        controller.enqueue(SPACES);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

function post(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("http://127.0.0.1:3000/api/chat", {
    method: "POST",
    body,
    headers: { host: "127.0.0.1:3000", ...headers },
    duplex: "half",
  } as RequestInit);
}

async function refusal(request: Request): Promise<string> {
  const error = await readJsonRequest(request, { maxBytes: LIMIT }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

const JSON_TYPE = { "content-type": "application/json" };
const FIFTY_MB = 50 * 1024 * 1024;

describe("readJsonRequest", () => {
  // The caller must be a real account whose session epoch the token carries (lib/auth/session-epoch.ts).
  beforeEach(async () => {
    await resetDatabase();
    await createUser({ id: USER });
  });

  it("refuses an anonymous caller before reading any of a 50 MB chunked body", async () => {
    const { stream, seen } = endlessBody(FIFTY_MB);
    expect(await refusal(post(stream, JSON_TYPE))).toBe("UNAUTHENTICATED");
    expect(seen.pulled).toBeLessThanOrEqual(CHUNK);
  });

  it("answers a signed-in caller's endless chunked body at the limit, then drops the rest and cuts it off", async () => {
    const { stream, seen } = endlessBody(Infinity);
    expect(await refusal(post(stream, { ...JSON_TYPE, cookie: await sessionCookie() }))).toBe(
      "PAYLOAD_TOO_LARGE",
    );
    // What follows is read and dropped (so the client can read the 413), up to a bound.
    await vi.waitFor(() => expect(seen.cancelled).toBe(true), { timeout: 15_000 });
    expect(seen.pulled).toBeLessThanOrEqual(LIMIT + 128 * 1024 * 1024 + 2 * CHUNK);
  });

  it("refuses a declared length above the limit without reading", async () => {
    const { stream, seen } = endlessBody(FIFTY_MB);
    const request = post(stream, {
      ...JSON_TYPE,
      cookie: await sessionCookie(),
      "content-length": String(FIFTY_MB),
    });
    expect(await refusal(request)).toBe("PAYLOAD_TOO_LARGE");
    expect(seen.pulled).toBeLessThanOrEqual(CHUNK);
  });

  it("refuses other sites, and bodies not declared as JSON, before anything else", async () => {
    const cookie = await sessionCookie();
    const body = JSON.stringify({ ok: true });
    expect(await refusal(post(body, { ...JSON_TYPE, cookie, origin: "https://evil.example" }))).toBe(
      "FORBIDDEN",
    );
    expect(await refusal(post(body, { ...JSON_TYPE, cookie, "sec-fetch-site": "same-site" }))).toBe(
      "FORBIDDEN",
    );
    expect(await refusal(post(body, { ...JSON_TYPE, origin: "http://127.0.0.1:3001" }))).toBe("FORBIDDEN");
    expect(await refusal(post(body, { cookie, "content-type": "text/plain" }))).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
    expect(await refusal(post(body, { cookie, "content-type": "application/x-www-form-urlencoded" }))).toBe(
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("takes a same-origin JSON body from a signed-in caller", async () => {
    const request = post(JSON.stringify({ text: "héllo" }), {
      "content-type": "application/json; charset=utf-8",
      cookie: await sessionCookie(),
      origin: "http://127.0.0.1:3000",
      "sec-fetch-site": "same-origin",
    });
    expect(await readJsonRequest(request, { maxBytes: LIMIT })).toEqual({
      actor: { userId: USER, sessionEpoch: 0 },
      body: { text: "héllo" },
    });
  });

  it("answers 400 for a body that is not JSON", async () => {
    expect(await refusal(post("{not json", { ...JSON_TYPE, cookie: await sessionCookie() }))).toBe(
      "VALIDATION",
    );
  });
});
