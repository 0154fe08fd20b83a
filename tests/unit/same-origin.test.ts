import path from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT_BYTES } from "@/lib/http/body-limit";
import { contentSecurityPolicy } from "@/lib/http/content-security-policy";
import { isJsonContentType, isSameOriginRequest } from "@/lib/http/same-origin";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";

const APP = "127.0.0.1:3000";
// Plain JavaScript without types, loaded as Next.js loads it.
const configUrl = pathToFileURL(path.resolve("next.config.mjs")).href;
const nextConfig = ((await import(/* @vite-ignore */ configUrl)) as { default: NextConfig }).default;

describe("isSameOriginRequest", () => {
  it.each<[string, Record<string, string>, string | undefined, boolean]>([
    [
      "the app's own page",
      { host: APP, origin: `http://${APP}`, "sec-fetch-site": "same-origin" },
      undefined,
      true,
    ],
    ["a non-browser client (no Origin, no Sec-Fetch-Site)", { host: APP }, undefined, true],
    ["a user-started request", { host: APP, "sec-fetch-site": "none" }, undefined, true],
    [
      "another site",
      { host: APP, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      undefined,
      false,
    ],
    ["another page of the same site", { host: APP, "sec-fetch-site": "same-site" }, undefined, false],
    ["another port of the same host", { host: APP, origin: "http://127.0.0.1:3001" }, undefined, false],
    ["an opaque origin", { host: APP, origin: "null" }, undefined, false],
    [
      "a lying Origin beside an honest Sec-Fetch-Site",
      { host: APP, origin: `http://${APP}`, "sec-fetch-site": "cross-site" },
      undefined,
      false,
    ],
    [
      "behind a proxy that forwards the public host",
      { host: "app:3000", "x-forwarded-host": "chat.example.com", origin: "https://chat.example.com" },
      undefined,
      true,
    ],
    [
      "behind a proxy, from another site",
      { host: "app:3000", "x-forwarded-host": "chat.example.com", origin: "https://evil.example" },
      undefined,
      false,
    ],
    [
      "AUTH_URL decides when set",
      { host: "app:3000", origin: "https://chat.example.com" },
      "https://chat.example.com/",
      true,
    ],
    [
      "AUTH_URL compares the scheme too",
      { host: "chat.example.com", origin: "http://chat.example.com" },
      "https://chat.example.com",
      false,
    ],
    [
      "AUTH_URL with a path",
      { host: APP, origin: "https://chat.example.com" },
      "https://chat.example.com/api/auth",
      true,
    ],
  ])("%s", (_name, headers, appUrl, expected) => {
    expect(isSameOriginRequest(new Headers(headers), appUrl)).toBe(expected);
  });
});

describe("isJsonContentType", () => {
  it.each([
    ["application/json", true],
    ["Application/JSON; charset=utf-8", true],
    ["text/plain", false],
    ["text/plain; application/json", false],
    ["application/x-www-form-urlencoded", false],
    ["multipart/form-data; boundary=x", false],
    [null, false],
  ])("%s → %s", (type, expected) => {
    expect(isJsonContentType(new Headers(type ? { "content-type": type } : {}))).toBe(expected);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts by nonce only, never eval in production, and no framing", () => {
    const csp = contentSecurityPolicy("abc", { dev: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(contentSecurityPolicy("abc", { dev: true })).toContain("'unsafe-eval'");
  });
});

describe("next.config.mjs", () => {
  it("gives server actions the body limit the proxy enforces, and copies more than that to the proxy", () => {
    const experimental = nextConfig.experimental as {
      serverActions: { bodySizeLimit: number };
      proxyClientMaxBodySize: number;
    };
    expect(experimental.serverActions.bodySizeLimit).toBe(ACTION_BODY_LIMIT_BYTES);
    expect(experimental.proxyClientMaxBodySize).toBeGreaterThan(ACTION_BODY_LIMIT_BYTES + 64 * 1024);
    expect(nextConfig.poweredByHeader).toBe(false);
  });

  it("gives every response the security headers the public API's own handler sends", async () => {
    const rules = await nextConfig.headers!();
    expect(rules).toEqual([
      {
        source: "/:path*",
        headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ]);
  });
});
