import { renderToStaticMarkup, renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  formatLimit,
  LIMIT_NOTICE,
  MAX_FORMATTED_CHARS,
  MAX_NESTING,
  MAX_PARAGRAPH_DELIMITERS,
} from "@/components/chat/markdown/limits";
import { BoundedMarkdown, Markdown } from "@/components/chat/markdown/markdown";

const nestedList = (depth: number) =>
  Array.from({ length: depth }, (_, level) => `${"  ".repeat(level)}- level ${level + 1}`).join("\n");

// Texts that cost micromark seconds to hours (measured before the limits: `*a` × 16,384 took 2.4 s
// in this test runner, a 1,000-level list did not finish in 5 minutes).
const WORST_CASES: Record<string, string> = {
  "emphasis `*a*a*a…` (32 KB)": "*a".repeat(16_384),
  "underscores (32 KB)": "_a".repeat(16_384),
  "strikethrough `~a~a…` (32 KB)": "~a".repeat(16_384),
  "code spans (32 KB)": "`a".repeat(16_384),
  "brackets (32 KB)": "[".repeat(16_384) + "]".repeat(16_384),
  "unclosed links `[a](` (32 KB)": "[a](".repeat(8_192),
  "blockquotes 5,000 deep": ">".repeat(5_000) + " x",
  "a list 3,000 deep (9 MB)": nestedList(3_000),
  "a list 200 deep": nestedList(200),
  "list markers on one line": "- ".repeat(2_000) + "x",
  "emphasis after a fence closed by its blockquote": "> ```\n" + "*a".repeat(16_384),
};

// A realistic long answer: headings, prose with emphasis and links, nested lists, a table, and
// code whose `*` and `_` are not markdown.
const REALISTIC = [
  "## Setting up",
  "Here is **how** to do it, with `npm` and a [link](https://example.com). _Note_: read ~~all~~ this.",
  "1. First\n   - a *detail*\n     - deeper\n       - deepest\n2. Second",
  "| name | value |\n|---|---|\n| **a** | `1` |\n| _b_ | 2 |",
  "```c\n" + "int *p = &x; /* a_b */ **q = *p;\n".repeat(200) + "```",
  "> A quote with *emphasis*.\n> > And a nested one.",
].join("\n\n");

describe("formatLimit", () => {
  it.each(Object.entries(WORST_CASES))("refuses %s", (_, text) => {
    expect(formatLimit(text)).not.toBeNull();
  });

  it("says why", () => {
    expect(formatLimit("a".repeat(MAX_FORMATTED_CHARS + 1))).toBe("size");
    expect(formatLimit(nestedList(MAX_NESTING + 1))).toBe("nesting");
    expect(formatLimit(">".repeat(MAX_NESTING + 1) + " x")).toBe("nesting");
    expect(formatLimit("*a".repeat(MAX_PARAGRAPH_DELIMITERS + 1))).toBe("complexity");
    expect(formatLimit("*a".repeat(MAX_PARAGRAPH_DELIMITERS))).toBeNull();
  });

  it("formats what real answers contain, up to the limits", () => {
    expect(formatLimit(REALISTIC)).toBeNull();
    expect(formatLimit(REALISTIC.repeat(8).slice(0, MAX_FORMATTED_CHARS))).toBeNull();
    expect(formatLimit(nestedList(MAX_NESTING))).toBeNull();
    expect(formatLimit(">".repeat(MAX_NESTING) + " x")).toBeNull();
    // Delimiters count per paragraph: many short paragraphs are fine.
    expect(formatLimit(("*a".repeat(MAX_PARAGRAPH_DELIMITERS) + "\n\n").repeat(50))).toBeNull();
    // Deep indentation inside fenced code (YAML, Python) is code, not nesting.
    expect(formatLimit("```yaml\n" + nestedList(40) + "\n```")).toBeNull();
  });
});

describe("BoundedMarkdown (in the browser)", () => {
  it.each(Object.entries(WORST_CASES))("shows %s as plain text with a notice, quickly", (_, text) => {
    const start = performance.now();
    const html = renderToStaticMarkup(<BoundedMarkdown text={text} />);
    // Generous for a loaded machine; without the limits these take seconds to hours.
    expect(performance.now() - start).toBeLessThan(500);
    expect(html).toMatch(/Shown as plain text: too (long|complex|deeply)|nested too deeply/);
    expect(html).toContain("whitespace-pre-wrap");
    expect(html).not.toMatch(/<(em|del|strong|blockquote|ul|li)\b/);
  });

  it("keeps the text, escaped, past the size limit", () => {
    const text = "<script>alert(1)</script> *a* ".repeat(4_000);
    const html = renderToStaticMarkup(<BoundedMarkdown text={text} />);
    expect(html).toContain(LIMIT_NOTICE.size);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; *a*");
    expect(html).not.toContain("<script");
  });

  it("formats a realistic answer, and the heaviest paragraphs the limits allow", () => {
    expect(renderToStaticMarkup(<BoundedMarkdown text={REALISTIC} />)).toMatch(/<strong[^>]*>how<\/strong>/);
    const heavy = "*a".repeat(MAX_PARAGRAPH_DELIMITERS);
    expect(renderToStaticMarkup(<BoundedMarkdown text={heavy} />)).toMatch(/<em>a<\/em>/);
  });
});

describe("Markdown on the server", () => {
  it("sends the plain text and never runs the parser", () => {
    const html = renderToString(<Markdown text={"**bold** and <img src=x onerror=alert(1)>\n\n- item"} />);
    expect(html).toContain("**bold** and &lt;img src=x onerror=alert(1)&gt;\n\n- item");
    expect(html).not.toMatch(/<(strong|ul|li|img)\b/);
  });

  it.each(Object.entries(WORST_CASES))("renders %s at once", (_, text) => {
    const start = performance.now();
    const html = renderToString(<Markdown text={text} />);
    expect(performance.now() - start).toBeLessThan(500);
    expect(html.length).toBeGreaterThan(0);
  });

  it("renders a within-limits answer that is slow to format without formatting it", () => {
    // As many delimiters as allowed in each of 120 paragraphs: formatting it costs hundreds of milliseconds.
    const text = ("*a".repeat(MAX_PARAGRAPH_DELIMITERS) + "\n\n").repeat(120);
    expect(formatLimit(text)).toBeNull();
    const html = renderToString(<Markdown text={text} />);
    expect(html).not.toContain("<em>");
    expect(html).toContain("*a*a*a");
  });
});
