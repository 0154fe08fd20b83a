import type { IncomingMessage } from "node:http";

/** Appends the request's socket address to X-Forwarded-For (see forwarded-for.mjs). */
export function appendPeerToForwardedFor(req: IncomingMessage): void;
