// What keeps model and user text from becoming active content. Raw HTML is never rendered: it is shown
// as the text it is. URLs are kept only for schemes that cannot run code or embed data.

const SAFE_SCHEME = /^(?:https?|mailto):/i;

/**
 * The URL to put in an href (links and image links), or "" to neutralise it. Allowed: absolute
 * http(s) and mailto URLs, and in-page `#fragments` (footnotes). Everything else (`javascript:`,
 * `data:`, `vbscript:`, relative and protocol-relative paths, which would point into this app) is
 * dropped, and the link is then rendered as plain text.
 */
export function safeUrl(url: string): string {
  const value = url.trim();
  if (value.startsWith("#")) return value;
  return SAFE_SCHEME.test(value) ? value : "";
}

type MdNode = { type: string; value?: string; children?: MdNode[] };

// mdast parents whose children are inline (phrasing) content.
const PHRASING_PARENTS = new Set([
  "paragraph",
  "heading",
  "tableCell",
  "emphasis",
  "strong",
  "delete",
  "link",
  "linkReference",
]);

const LINE_BREAK = /^<br\s*\/?>$/i;

function htmlToText(node: MdNode): void {
  const children = node.children;
  if (!children) return;
  const phrasing = PHRASING_PARENTS.has(node.type);
  children.forEach((child, index) => {
    if (child.type !== "html") {
      htmlToText(child);
      return;
    }
    const value = child.value ?? "";
    if (phrasing) {
      // `<br>` is the one tag models rely on (line breaks in table cells); it carries no attributes.
      children[index] = LINE_BREAK.test(value.trim()) ? { type: "break" } : { type: "text", value };
    } else {
      children[index] = { type: "paragraph", children: [{ type: "text", value }] };
    }
  });
}

/**
 * remark plugin: turns every raw HTML node (`<script>…`, `<img onerror=…>`, comments) into plain text,
 * so it shows exactly as written and is escaped by React. Nothing is ever parsed as HTML.
 */
export function remarkHtmlAsText() {
  return (tree: MdNode) => htmlToText(tree);
}
