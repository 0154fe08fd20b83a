// The pages' Content-Security-Policy. Scripts run only with this response's nonce (Next.js puts it on
// its own scripts when it finds it in the request's CSP header; the theme script gets it from the root
// layout), and whatever those load ('strict-dynamic'). No 'unsafe-eval' outside `next dev`, where
// React uses eval for its debugging stacks.
//
// Styles keep 'unsafe-inline': server-rendered `style` attributes (the admin charts' bar widths) and
// libraries' injected styles need it, and a nonce would disable it. Injected CSS cannot run script.
// No `upgrade-insecure-requests`: self-hosted instances are often served over plain HTTP on a LAN.

/** Where an OAuth sign-in form may lead (Auth.js redirects a no-JavaScript form post there). */
const OAUTH_FORM_TARGETS = ["https://github.com", "https://accounts.google.com"];

export function contentSecurityPolicy(nonce: string, { dev }: { dev: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // The composer's token counter runs in a worker loaded from this origin.
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action 'self' ${OAUTH_FORM_TARGETS.join(" ")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh, unguessable nonce for one response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}
