// Any fixed origin works: the value is resolved against it and accepted only if it stays there. Browsers
// resolve a redirect the same way (WHATWG URL), so what stays on this origin here stays on ours there.
const BASE = "http://flywheel.invalid";

const REFUSED_PREFIXES = ["/sign-in", "/sign-up", "/api/"];

/**
 * Only same-site paths may be a post-sign-in destination (no open redirects). The value is resolved as
 * a browser would (dots, doubled slashes, backslashes, tabs and newlines all normalised) and kept only
 * if its origin is unchanged; what is returned is the normalised path, never the raw text.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 2048 || !value.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  // "/.//evil.test" resolves to the path "//evil.test", which a browser reads as another host.
  if (url.pathname.startsWith("//") || url.pathname.startsWith("/\\")) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (
    REFUSED_PREFIXES.some((prefix) => url.pathname === prefix.replace(/\/$/, "") || path.startsWith(prefix))
  ) {
    return "/";
  }
  return path;
}
