// Interaction signals from the browser (copy, regenerate, stop, …), queued and sent in batches so that
// recording them never waits on the network or holds up the UI. A batch lost to a network error is
// acceptable; the user never sees an error for it. Only ids and small flags travel, never text.
import type { InteractionType } from "@/lib/feedback/schemas";

type QueuedEvent = {
  type: InteractionType;
  conversationId: string;
  messageId: string | null;
  payload: Record<string, number | boolean | string>;
  at: string;
};

const ENDPOINT = "/api/events";
const FLUSH_AFTER_MS = 2000;
const MAX_BATCH = 50;

const queue: QueuedEvent[] = [];
let timer: ReturnType<typeof setTimeout> | null = null;
let listening = false;

function send(batch: QueuedEvent[], leaving: boolean): void {
  const body = JSON.stringify({ events: batch });
  // When the page is going away, only a beacon is sure to leave. /api/events takes JSON only (a
  // cross-site form cannot send it), so the beacon carries a JSON Blob: same-origin, it needs no
  // preflight. A browser that refuses the beacon gets the keepalive fetch below instead.
  if (leaving && typeof navigator.sendBeacon === "function") {
    if (navigator.sendBeacon(ENDPOINT, new Blob([body], { type: "application/json" }))) return;
  }
  void fetch(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
    keepalive: true,
  }).catch(() => {});
}

export function flushEvents(leaving = false): void {
  if (timer) clearTimeout(timer);
  timer = null;
  while (queue.length > 0) send(queue.splice(0, MAX_BATCH), leaving);
}

function listenForExit(): void {
  if (listening) return;
  listening = true;
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") flushEvents(true);
  });
  window.addEventListener("pagehide", () => flushEvents(true));
}

/** Records one signal; it leaves with the next batch (within two seconds, or when the tab is hidden). */
export function trackEvent(
  type: InteractionType,
  conversationId: string | null,
  messageId: string | null = null,
  payload: QueuedEvent["payload"] = {},
): void {
  // A new chat has no id until the server answers; there is nothing to attach a signal to yet.
  if (!conversationId || typeof window === "undefined") return;
  listenForExit();
  queue.push({ type, conversationId, messageId, payload, at: new Date().toISOString() });
  if (queue.length >= MAX_BATCH) flushEvents();
  else timer ??= setTimeout(() => flushEvents(), FLUSH_AFTER_MS);
}
