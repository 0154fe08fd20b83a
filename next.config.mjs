// The server action body limit, in bytes: lib/http/body-limit.ts's ACTION_BODY_LIMIT_BYTES (a unit
// test keeps them equal; this file is loaded by Node before TypeScript is available).
const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

// Headers for every response, pages, API and static files alike. The Content-Security-Policy needs a
// fresh nonce per page and is set by proxy.ts. lib/http/security-headers.ts holds the same list for
// the public API's own node:http handler (lib/api/node); a unit test keeps the two equal.
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // For browsers that predate CSP's frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@node-rs/argon2", "@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    serverActions: { bodySizeLimit: ACTION_BODY_LIMIT_BYTES },
    // Next.js copies a body into memory for proxy.ts, up to this size, and silently cuts it there.
    // Twice the action limit: every legitimate body arrives whole, and a chunked body past the limit
    // still shows the proxy more than the limit (so it answers 413), while an endless one costs at most
    // this much memory.
    proxyClientMaxBodySize: 2 * ACTION_BODY_LIMIT_BYTES,
  },
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
