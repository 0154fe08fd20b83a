// Preloaded into the Next.js server process by `npm start` / `npm run dev` (NODE_OPTIONS=--import).
// Next.js sets X-Forwarded-For from the socket only when the client sent none, so a client could choose
// the address the sign-in throttle sees. This appends the socket's peer address as the right-most hop,
// as nginx's $proxy_add_x_forwarded_for does; lib/auth/client-address.ts reads from the right.
import http from "node:http";

const HOOKED = Symbol.for("flywheel.forwardedForHook");

if (!http.Server.prototype[HOOKED]) {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitWithPeer(event, req, ...rest) {
    if (event === "request" && req && req.headers) {
      const peer = req.socket && req.socket.remoteAddress;
      const sent = req.headers["x-forwarded-for"];
      const hops = Array.isArray(sent) ? sent.join(", ") : sent;
      req.headers["x-forwarded-for"] = [hops, peer || "unknown"].filter(Boolean).join(", ");
    }
    return emit.call(this, event, req, ...rest);
  };
  http.Server.prototype[HOOKED] = true;
}
