import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TokenMeter } from "@/components/chat/token-meter";

const meter = (context: number, draft: number, contextWindow = 8_192) =>
  renderToStaticMarkup(<TokenMeter id="t" count={{ context, draft }} contextWindow={contextWindow} />);

describe("TokenMeter", () => {
  it("shows context plus draft against the window, quietly below 80%", () => {
    const html = meter(1_000, 234, 128_000);
    expect(html).toContain("1,234 / 128,000 tokens");
    expect(html).toContain('data-level="ok"');
    expect(html).not.toContain('role="status"');
  });

  it("warns from 80% of the budget: the window less the room kept for the answer", () => {
    // 8,192 − 2,048 = 6,144 tokens for the conversation; 80% of it is 4,915.
    expect(meter(4_400, 500)).toContain('data-level="ok"');
    const html = meter(4_500, 500);
    expect(html).toContain('data-level="near"');
    expect(html).toContain("Nearing the model&#x27;s context window.");
  });

  it("past the budget, says older messages will be left out, or that the draft itself is too long", () => {
    // Past the budget while still inside the window: the server leaves older messages out here.
    expect(meter(5_800, 400)).toContain("Older messages will be left out");
    expect(meter(5_800, 400)).toContain('data-level="over"');
    expect(meter(8_000, 500)).toContain('data-level="over"');
    expect(meter(100, 6_200)).toContain("This message is too long for the model&#x27;s context window.");
  });
});
