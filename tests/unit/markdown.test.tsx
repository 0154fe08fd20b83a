import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { renderToStaticMarkup } from "react-dom/server";
import { remarkGfmParse } from "@/components/chat/markdown/gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { createBlockSplitter, fenceIsOpen } from "@/components/chat/markdown/blocks";
import { grammarFor, highlight } from "@/components/chat/markdown/highlight";
import { FormattedMarkdown } from "@/components/chat/markdown/markdown";
import { safeUrl } from "@/components/chat/markdown/safety";

// The formatter itself: `Markdown` formats only in the browser after hydration (markdown-limits.test.tsx).
const render = (text: string, streaming = false) =>
  renderToStaticMarkup(<FormattedMarkdown text={text} streaming={streaming} />);

describe("Markdown: GFM and common markdown", () => {
  it("renders a GFM table inside a horizontally scrolling region", () => {
    const html = render("| a | b |\n|---|:-:|\n| 1 | 2 |");
    expect(html).toMatch(/<div role="region"[^>]*overflow-x-auto[^>]*><table[^>]*>/);
    expect(html).toMatch(/<th[^>]*>a<\/th>/);
    expect(html).toMatch(/<td[^>]*>1<\/td>/);
    expect(html).toContain("text-align:center");
  });

  it("renders strikethrough, task lists, autolinks, headings, quotes, rules and inline code", () => {
    const html = render(
      [
        "# Title",
        "~~gone~~ and `x < y`",
        "- [x] done\n- [ ] todo",
        "see www.example.com",
        "> quoted",
        "---",
        "1. one\n2. two",
      ].join("\n\n"),
    );
    expect(html).toMatch(/<h1[^>]*>Title<\/h1>/);
    expect(html).toMatch(/<del[^>]*>gone<\/del>/);
    expect(html).toMatch(/<code[^>]*>x &lt; y<\/code>/);
    expect(html).toMatch(/<input type="checkbox" disabled=""[^>]*checked=""\/> done/);
    expect(html).toMatch(/<a href="http:\/\/www.example.com" target="_blank"/);
    expect(html).toMatch(/<blockquote[^>]*>\s*<p[^>]*>quoted<\/p>/);
    expect(html).toContain("<hr");
    expect(html).toMatch(/<ol[^>]*>\s*<li[^>]*>one<\/li>/);
  });

  it("renders nothing for empty text", () => {
    expect(render("")).toBe("");
    expect(render("  \n\n ")).toBe("");
  });
});

describe("Markdown: never renders HTML from the text", () => {
  const attacks = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "Hello <img src=x onerror=alert(1)> world <script>alert(2)</script>",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "> <iframe src=https://evil.example></iframe>",
    "- <svg onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "<style>body{display:none}</style>",
  ];

  it.each(attacks)("%s shows as text", (text) => {
    const html = render(text);
    expect(html).not.toMatch(/<(script|img|iframe|svg|style)\b/i);
    expect(html).not.toMatch(/<a [^>]*javascript/i);
    // Attributes exist only inside a real tag; escaped text (`&lt;img … onerror=…`) is harmless.
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+=/i);
  });

  it("keeps the HTML visible as escaped text", () => {
    const html = render("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> here");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("Text &lt;img src=x onerror=alert(1)&gt; here");
  });

  it("turns <br> in a table cell into a line break", () => {
    expect(render("| a |\n|---|\n| one<br>two |")).toMatch(/one<br\/>\s*two/);
  });
});

describe("Markdown: links and images", () => {
  it("opens links in a new tab without access to this page", () => {
    const html = render('[site](https://example.com/a?b=1 "Title")');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1" title="Title" target="_blank" rel="noopener noreferrer nofollow"',
    );
  });

  it.each([
    "[bad](javascript:alert(1))",
    "[bad](JaVaScRiPt:alert(1))",
    "[bad]( javascript:alert(1) )",
    "[bad](data:text/html;base64,PHNjcmlwdD4=)",
    "[bad](vbscript:msgbox)",
  ])("neutralises %s", (text) => {
    const html = render(text);
    expect(html).not.toMatch(/javascript:|data:|vbscript:/i);
    expect(html).not.toContain("<a");
  });

  it("keeps the words of a neutralised link", () => {
    expect(render("[bad link](javascript:alert(1))")).toContain("<span>bad link</span>");
    // An autolink's words are its URL: shown as text, never as a link.
    const autolink = render("<javascript:alert(1)>");
    expect(autolink).toContain("<span>javascript:alert(1)</span>");
    expect(autolink).not.toContain("<a");
  });

  it("shows images as links instead of loading them", () => {
    const html = render("![a cat](https://example.com/cat.png) ![x](javascript:alert(1))");
    expect(html).not.toContain("<img");
    expect(html).toMatch(
      /<a href="https:\/\/example.com\/cat.png" target="_blank" rel="noopener noreferrer nofollow"/,
    );
    expect(html).toContain("Image: a cat");
    expect(html).not.toContain("javascript:");
  });

  it("allows only http(s), mailto and in-page URLs", () => {
    expect(safeUrl("https://example.com")).toBe("https://example.com");
    expect(safeUrl("mailto:a@example.com")).toBe("mailto:a@example.com");
    expect(safeUrl("#user-content-fn-1")).toBe("#user-content-fn-1");
    for (const url of ["javascript:x", "data:x", "/admin", "//evil.example", "file:///etc/passwd"]) {
      expect(safeUrl(url)).toBe("");
    }
  });

  it("renders footnotes with in-page links", () => {
    const html = render("A claim.[^1]\n\n[^1]: The source.");
    expect(html).toMatch(/<a href="#user-content-fn-1"[^>]*>1<\/a>/);
    expect(html).toContain("The source.");
  });
});

describe("Markdown: code", () => {
  it("renders fenced code with its language, the code and a copy button", () => {
    const html = render("```python\nprint('<hi>')\n```");
    expect(html).toMatch(/<span[^>]*>python<\/span>/);
    expect(html).toContain('aria-label="Copy code"');
    expect(html).toContain("print(&#x27;&lt;hi&gt;&#x27;)");
    expect(html).toMatch(/<pre[^>]*overflow-x-auto/);
  });

  it("labels code without a language as text", () => {
    expect(render("```\nplain\n```")).toMatch(/<span[^>]*>text<\/span>/);
  });

  it("renders an unterminated fence as code without swallowing what came before", () => {
    for (const streaming of [true, false]) {
      const html = render("Here:\n\n- a list\n\n```ts\nconst a = 1;\n\n# not a heading", streaming);
      expect(html).toMatch(/<p[^>]*>Here:<\/p>/);
      expect(html).toMatch(/<li[^>]*>a list<\/li>/);
      expect(html).toMatch(/<code[^>]*>const a = 1;\n\n# not a heading<\/code>/);
      expect(html).not.toContain("<h1");
      expect(html).toMatch(/<span[^>]*>ts<\/span>/);
    }
  });

  it("tells open fences from closed ones", () => {
    expect(fenceIsOpen("```ts")).toBe(true);
    expect(fenceIsOpen("```ts\nconst a = 1;")).toBe(true);
    expect(fenceIsOpen("```ts\nconst a = 1;\n``")).toBe(true);
    expect(fenceIsOpen("````\n```\n")).toBe(true);
    expect(fenceIsOpen("```ts\nconst a = 1;\n```")).toBe(false);
    expect(fenceIsOpen("~~~\nx\n~~~~\n")).toBe(false);
    expect(fenceIsOpen("- ```js\n  x\n  ```")).toBe(false);
    expect(fenceIsOpen("    indented code")).toBe(false);
  });
});

describe("highlighting", () => {
  it("loads a grammar on demand and escapes the code", async () => {
    const html = await highlight('const a = "<script>";', "ts");
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script");
  });

  it("leaves unknown languages plain", async () => {
    expect(grammarFor("brainfuck")).toBeNull();
    expect(grammarFor(null)).toBeNull();
    expect(await highlight("+++", "brainfuck")).toBeNull();
  });

  it.each(
    "ts js tsx jsx json python bash shell sql go rust java c cpp csharp html css yaml markdown diff".split(
      " ",
    ),
  )("has a grammar for %s", async (language) => {
    expect(grammarFor(language)).not.toBeNull();
    expect(await highlight("x", language)).toEqual(expect.any(String));
  });
});

describe("bundle", () => {
  it("loads highlight.js only on demand and keeps the eager part small", async () => {
    const ENTRY = "components/chat/markdown/markdown.tsx";
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      minify: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      jsx: "automatic",
      external: ["react", "react-dom", "react/jsx-runtime"],
      define: { "process.env.NODE_ENV": '"production"' },
      outdir: "out",
      write: false,
      metafile: true,
      logLevel: "silent",
      absWorkingDir: path.resolve(import.meta.dirname, "../.."),
    });
    const [name, entry] = Object.entries(result.metafile.outputs).find(
      ([, output]) => output.entryPoint === ENTRY,
    )!;
    const eager = Object.entries(entry.inputs).filter(([, input]) => input.bytesInOutput > 0);
    expect(eager.map(([path]) => path).filter((path) => path.includes("highlight.js"))).toEqual([]);
    const lazy = entry.imports.filter((i) => i.kind === "dynamic-import");
    expect(lazy.length).toBeGreaterThanOrEqual(20); // highlight.js core + one chunk per grammar
    // What the page downloads up front: the entry and the shared chunks it imports statically.
    const eagerFiles = [
      name,
      ...entry.imports.filter((i) => i.kind === "import-statement" && !i.external).map((i) => i.path),
    ];
    const bytes = eagerFiles
      .map((file) => result.outputFiles.find((output) => output.path.endsWith(file.replace(/^out\//, "/")))!)
      .reduce((sum, output) => sum + gzipSync(output.contents).length, 0);
    expect(bytes).toBeLessThan(60_000);
  });
});

describe("block splitting", () => {
  const doc = [
    "# Heading",
    "Some *text* with `code` and a [link](https://example.com).",
    "1. first\n\n2. second\n   continued\n\n3. third",
    "- a\n  - nested\n- b\n\n  ```js\n  inList();\n  ```",
    "```ts\nconst x = 1;\n\n\nconst y = 2;\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "> quote\nlazy line\n\n> second quote",
    "Setext\n---",
    "***",
    "    indented code\n\n    more",
    "<div>\n<b>raw</b>\n</div>",
    "~~~\ntilde\n~~~\nafter",
    "Last paragraph\nwith two lines.",
  ].join("\n\n");

  it("gives the same blocks when fed a streaming answer as when split fresh", () => {
    const streamed = createBlockSplitter({ incremental: true });
    for (let end = 0; end <= doc.length; end++) {
      const text = doc.slice(0, end);
      expect(streamed(text), JSON.stringify(text)).toEqual(createBlockSplitter({ incremental: false })(text));
    }
  });

  it("splits into blocks that each parse to one top-level node of the whole", () => {
    const parser = unified().use(remarkParse).use(remarkGfmParse);
    const blocks = createBlockSplitter()(doc);
    const whole = parser.parse(doc).children.map((node) => node.type);
    const parts = blocks.flatMap((block) => parser.parse(block).children.map((node) => node.type));
    expect(blocks).toHaveLength(whole.length);
    expect(parts).toEqual(whole);
  });

  it("renders any mix of markdown fragments without throwing or emitting raw tags", () => {
    const pieces = ["1. a", "2", "- x", "  - n", "    code", "```js", "```", "> q", "| a | b |", "|---|---|"];
    pieces.push("---", "# h", "text", "<img src=x onerror=alert(1)>", "", "", "[x]", "- [ ] t", "3)", "-");
    let seed = 1;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let doc = 0; doc < 150; doc++) {
      const text = Array.from({ length: 3 + Math.floor(random() * 10) }, () => {
        return pieces[Math.floor(random() * pieces.length)];
      }).join("\n");
      for (const streaming of [true, false]) {
        expect(render(text, streaming)).not.toMatch(/<(img|script)\b/);
      }
    }
  });

  it("falls back to plain text where the parser fails", () => {
    // micromark's development build asserts on this input (production builds render it).
    const html = render("3)\n[x]\n`in", true);
    expect(html).toContain("[x]");
  });

  it("keeps documents with reference definitions whole", () => {
    expect(createBlockSplitter()("See [docs].\n\nMore.\n\n[docs]: https://example.com")).toHaveLength(1);
  });
});
