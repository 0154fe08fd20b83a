import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { assertAcceptingWork, isDraining, startDraining } from "@/lib/ops/draining";
import { abortAllInFlight, inFlightCount, trackInFlight, waitForInFlight } from "@/lib/ops/in-flight";

describe("in-flight answers", () => {
  it("waits for tracked answers, times out, and aborts the rest", async () => {
    const quick = new AbortController();
    const slow = new AbortController();
    const untrackQuick = trackInFlight(quick);
    const untrackSlow = trackInFlight(slow);
    // As runTurn does: an aborted answer ends (and is saved), then leaves the registry.
    slow.signal.addEventListener("abort", () => setTimeout(untrackSlow, 10));
    expect(inFlightCount()).toBe(2);
    setTimeout(untrackQuick, 20);
    expect(await waitForInFlight(100, 5)).toBe(false);
    expect(inFlightCount()).toBe(1);

    expect(abortAllInFlight(new Error("shutting down"))).toBe(1);
    expect(slow.signal.aborted).toBe(true);
    expect(quick.signal.aborted).toBe(false);
    expect(await waitForInFlight(100, 5)).toBe(true);
  });
});

describe("draining", () => {
  it("accepts work until draining starts, then refuses it with 503 and a retry delay", () => {
    expect(isDraining()).toBe(false);
    expect(() => assertAcceptingWork()).not.toThrow();
    startDraining();
    const error = (() => {
      try {
        assertAcceptingWork();
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(503);
    expect((error as AppError).message).toMatch(/restarting/);
    expect((error as AppError).retryAfterSeconds).toBeGreaterThan(0);
  });
});
