import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IconButton, iconButtonClass } from "@/components/ui/icon-button";
import { CloseIcon } from "@/components/ui/icons";
import { FeedbackButtons } from "@/components/feedback/feedback-buttons";

describe("IconButton", () => {
  it("is a plain button named by its label, with a decorative icon", () => {
    const html = renderToStaticMarkup(
      <IconButton label="Close feedback" size="xs">
        <CloseIcon />
      </IconButton>,
    );
    expect(html).toMatch(/^<button type="button" aria-label="Close feedback" class="rounded p-1 /);
    expect(html).toContain('<svg aria-hidden="true"');
  });

  it("passes its type and attributes through, and the solid tone has its own shape", () => {
    const html = renderToStaticMarkup(
      <IconButton label="Send message" tone="solid" type="submit" disabled>
        x
      </IconButton>,
    );
    expect(html).toContain('type="submit"');
    expect(html).toContain('disabled=""');
    expect(html).toContain("rounded-full");
    expect(iconButtonClass({ size: "md", tone: "sunken" })).toContain("hover:bg-zinc-200");
  });
});

describe("FeedbackButtons", () => {
  const pressed = (html: string, label: string) =>
    new RegExp(`aria-label="${label}"[^>]*aria-pressed="true"`).test(html);

  it("presses the button of the current rating only", () => {
    const up = renderToStaticMarkup(<FeedbackButtons rating="up" onRate={() => undefined} />);
    expect(pressed(up, "Good response")).toBe(true);
    expect(pressed(up, "Bad response")).toBe(false);
    const none = renderToStaticMarkup(<FeedbackButtons rating={null} onRate={() => undefined} />);
    expect(none.match(/aria-pressed="false"/g)).toHaveLength(2);
  });
});
