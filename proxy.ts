import { NextResponse, type NextRequest } from "next/server";
import { sessionToken } from "@/lib/auth/session-token";

// Optimistic checks only, from the session token: send signed-out visitors to sign-in (and back after)
// and non-admins away from /admin. The real checks live in lib/ (lib/auth/actor.ts) and re-read the
// database; this just saves a render and sends people to the right page.
const PUBLIC = ["/sign-in", "/sign-up", "/api/auth"];

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((path) => pathname === path || pathname.startsWith(`${path}/`))) return NextResponse.next();

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
  return NextResponse.next();
}

export const config = {
  // Everything but Next.js's own assets and static files, and the chat stream: POST /api/chat checks
  // its caller itself (lib/chat/prepare-turn.ts, 401 when signed out) and is the hottest request, so it
  // decrypts its session token once, not once here and again there.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|api/chat$|.*\\.(?:png|svg|ico|txt)$).*)"],
};
