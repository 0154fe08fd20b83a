// Next.js sets X-Forwarded-For from the socket only when the client sent none, so a client could choose
// the address the sign-in throttle sees. Flywheel's servers therefore append the socket's peer address
// as the right-most hop, as nginx's $proxy_add_x_forwarded_for does; lib/auth/client-address.ts reads
// from the right and skips only TRUSTED_PROXIES. Plain JavaScript: `npm run dev` preloads this file
// into the `next dev` child (forwarded-for-hook.mjs); `npm start` calls it in its own request handler.

/** @param {import("node:http").IncomingMessage} req */
export function appendPeerToForwardedFor(req) {
  const sent = req.headers["x-forwarded-for"];
  const hops = Array.isArray(sent) ? sent.join(", ") : sent;
  req.headers["x-forwarded-for"] = [hops, req.socket.remoteAddress || "unknown"].filter(Boolean).join(", ");
}
