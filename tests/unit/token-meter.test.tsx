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

  it("warns from 80% of the window", () => {
    const html = meter(6_000, 600);
    expect(html).toContain('data-level="near"');
    expect(html).toContain("Nearing the model&#x27;s context window.");
  });

  it("past the window, says older messages will be left out, or that the draft itself is too long", () => {
    expect(meter(8_000, 500)).toContain("Older messages will be left out");
    expect(meter(8_000, 500)).toContain('data-level="over"');
    expect(meter(100, 9_000)).toContain("This message is too long for the model&#x27;s context window.");
  });
});
