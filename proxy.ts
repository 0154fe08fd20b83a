import { NextResponse, type NextRequest } from "next/server";
import { sessionToken } from "@/lib/auth/session-token";
import { env } from "@/lib/env";
import { bodyExceeds } from "@/lib/http/body-limit";
import { contentSecurityPolicy, newNonce } from "@/lib/http/content-security-policy";

// Optimistic checks only, from the session token: send signed-out visitors to sign-in (and back after)
// and non-admins away from /admin. The real checks live in lib/ (lib/auth/actor.ts) and re-read the
// database; this just saves a render and sends people to the right page. It also gives every page its
// Content-Security-Policy nonce, and refuses oversized bodies (server actions) with a clear 413.
const PUBLIC = ["/sign-in", "/sign-up", "/api/auth"];

export async function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: env().NODE_ENV === "development" });
  const response = await route(request, nonce, csp);
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

async function route(request: NextRequest, nonce: string, csp: string): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((path) => pathname === path || pathname.startsWith(`${path}/`))) {
    return pass(request, nonce, csp);
  }

  // The caller is checked before the body is read.
  const token = await sessionToken(request);
  if (!token) {
    // Admin endpoints do not reveal themselves, signed in or not: "not found", as lib/ answers.
    if (pathname.startsWith("/api/admin/")) {
      return NextResponse.json({ error: { code: "NOT_FOUND", message: "Not found" } }, { status: 404 });
    }
    if (pathname.startsWith("/api/")) {
      return NextResponse.json(
        { error: { code: "UNAUTHENTICATED", message: "Please sign in." } },
        { status: 401 },
      );
    }
    const url = new URL("/sign-in", request.nextUrl.origin);
    if (pathname !== "/") url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }
  if ((pathname === "/admin" || pathname.startsWith("/admin/")) && token.role !== "ADMIN") {
    return NextResponse.redirect(new URL("/", request.nextUrl.origin));
  }
  return pass(request, nonce, csp);
}

/** On to the page, with the CSP in the request headers, where Next.js finds the nonce for its scripts. */
async function pass(request: NextRequest, nonce: string, csp: string): Promise<NextResponse> {
  if (await bodyExceeds(request)) {
    return NextResponse.json(
      { error: { code: "PAYLOAD_TOO_LARGE", message: "This request is too large." } },
      { status: 413 },
    );
  }
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Everything but Next.js's own assets and static files, the two JSON routes, which check origin,
  // caller and body size themselves before reading (lib/http/json-request.ts), and the public API,
  // which checks its key and body size itself (lib/api/api-route.ts) and has no session to look at.
  // The health and readiness probes (app/api/health, app/api/ready) need no session either: load
  // balancers call them without cookies, and a redirect to sign-in would read as "healthy".
  // Skipping the proxy also spares them its copy of the body, and the chat stream (the hottest
  // request) a second token decryption.
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|robots.txt|api/chat$|api/events$|api/v1/|api/health$|api/ready$|.*\\.(?:png|svg|ico|txt)$).*)",
  ],
};
