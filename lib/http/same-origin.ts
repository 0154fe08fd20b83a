/**
 * Whether a request that changes state comes from the app's own pages, by what the browser says about
 * its source: `Sec-Fetch-Site` (set by the browser, never by a page) must be same-origin, and `Origin`
 * must be the app's origin — `appUrl` (AUTH_URL) when set, else the host the request was sent to
 * (`X-Forwarded-Host` from a reverse proxy, else `Host`; a page cannot set either on a cross-site
 * request without a CORS preflight, which this app never grants). Schemes are not compared without
 * `appUrl`: behind a TLS-terminating proxy the app itself sees plain HTTP.
 *
 * A request with neither header is not from a browser (browsers send Origin on every POST), so it
 * carries no ambient cookies to abuse and is let through to the usual session check.
 */
export function isSameOriginRequest(headers: Headers, appUrl: string | undefined): boolean {
  const site = headers.get("sec-fetch-site");
  // "none": the user started it (typed URL, bookmark); no other page can have.
  if (site !== null && site !== "same-origin" && site !== "none") return false;
  const origin = headers.get("origin");
  if (origin === null) return true;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    // "null" (sandboxed frames, data: URLs, some redirects) and anything malformed.
    return false;
  }
  if (appUrl) return from.origin === new URL(appUrl).origin;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  return !!host && from.host === host.toLowerCase();
}

/** Whether the body is declared as JSON: forms cannot send it, and cross-site fetches need a preflight. */
export function isJsonContentType(headers: Headers): boolean {
  const type = headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}
