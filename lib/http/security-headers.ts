// The headers next.config.mjs gives every response Next.js serves (a unit test keeps the two lists
// equal: that file is loaded by Node before TypeScript is available). The production server's own
// path for the public API (lib/api/node) sends them too, so its responses carry what Next.js's do.
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
};
