// Preloaded into the `next dev` child by `npm run dev` (NODE_OPTIONS=--import): every HTTP server of
// that process records each request's socket address in X-Forwarded-For (see forwarded-for.mjs).
import http from "node:http";
import { appendPeerToForwardedFor } from "./forwarded-for.mjs";

const HOOKED = Symbol.for("flywheel.forwardedForHook");

if (!http.Server.prototype[HOOKED]) {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function emitWithPeer(event, req, ...rest) {
    if (event === "request" && req && req.headers && req.socket) appendPeerToForwardedFor(req);
    return emit.call(this, event, req, ...rest);
  };
  http.Server.prototype[HOOKED] = true;
}
