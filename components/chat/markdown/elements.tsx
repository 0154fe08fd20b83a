"use client";

// The React elements markdown renders to: Tailwind-styled, links made safe, images shown as links,
// fenced code as a CodeBlock. Module-level constants: new component functions on each render would
// remount (and reset) every code block.
import { createContext, useContext, type ComponentPropsWithoutRef, type JSX } from "react";
import type { Components, ExtraProps } from "react-markdown";
import { fenceIsOpen } from "./blocks";
import { CodeBlock } from "./code-block";

export type OnCopyCode = (language: string | null) => void;
type Props<T extends keyof JSX.IntrinsicElements> = ComponentPropsWithoutRef<T> & ExtraProps;

/** What a block's renderers need beyond their props. */
export const BlockContext = createContext<{ source: string; streaming: boolean; onCopyCode: OnCopyCode }>({
  source: "",
  streaming: false,
  onCopyCode: () => {},
});

// Everything markdown (GFM, footnotes) can produce. Anything else is unwrapped to its text.
export const ALLOWED_ELEMENTS = [
  "a",
  "blockquote",
  "br",
  "code",
  "del",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "img",
  "input",
  "li",
  "ol",
  "p",
  "pre",
  "section",
  "strong",
  "sup",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
];

const LINK = "text-emerald-700 underline underline-offset-2 hover:text-emerald-900 dark:text-emerald-400";

function Anchor({ href, title, children, id, node: _node, ...rest }: Props<"a">) {
  // An unsafe URL was emptied by safeUrl: keep the words, drop the link.
  if (!href) return <span>{children}</span>;
  if (href.startsWith("#")) {
    // Footnote references and back-references within the answer.
    return (
      <a href={href} id={id} title={title} className={LINK} {...pickData(rest)}>
        {children}
      </a>
    );
  }
  return (
    <a href={href} title={title} target="_blank" rel="noopener noreferrer nofollow" className={LINK}>
      {children}
    </a>
  );
}

function pickData(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).filter(([key]) => key.startsWith("data-") || key.startsWith("aria-")),
  );
}

// Remote images are never loaded (they would tell a third party who read the answer, and when):
// an image becomes a link to it, labelled with its alt text.
function ImageLink({ src, alt, title }: Props<"img">) {
  const label = alt?.trim() || "image";
  if (typeof src !== "string" || !src) return <span>{label}</span>;
  return (
    <a href={src} title={title} target="_blank" rel="noopener noreferrer nofollow" className={LINK}>
      <svg
        aria-hidden="true"
        viewBox="0 0 16 16"
        className="mr-1 inline size-3.5 align-[-2px]"
        fill="none"
        stroke="currentColor"
      >
        <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
        <path d="M2.5 11.5l3.5-3.5 3 3 2-2 2.5 2.5" />
      </svg>
      Image: {label}
    </a>
  );
}

function Pre({ node }: Props<"pre">) {
  const { source, streaming, onCopyCode } = useContext(BlockContext);
  const codeElement = node?.children.find((child) => child.type === "element" && child.tagName === "code");
  if (!codeElement || codeElement.type !== "element") return null;
  const classes = codeElement.properties.className;
  const language =
    (Array.isArray(classes) ? classes : [])
      .map(String)
      .find((name) => name.startsWith("language-"))
      ?.slice("language-".length) ?? null;
  const code = codeElement.children
    .map((child) => (child.type === "text" ? child.value : ""))
    .join("")
    .replace(/\n$/, "");
  const start = node?.position?.start.offset;
  const end = node?.position?.end.offset;
  const live =
    streaming &&
    (start === undefined ||
      end === undefined ||
      (end >= source.trimEnd().length && fenceIsOpen(source.slice(start, end))));
  return <CodeBlock code={code} language={language} live={live} onCopy={onCopyCode} />;
}

function InlineCode({ children }: Props<"code">) {
  return (
    <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[0.875em] break-words dark:bg-zinc-800">
      {children}
    </code>
  );
}

function Table({ children }: Props<"table">) {
  return (
    <div
      role="region"
      aria-label="Table"
      tabIndex={0}
      className="my-4 max-w-full overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800"
    >
      <table className="w-full border-collapse text-sm">{children}</table>
    </div>
  );
}

function Th({ children, style }: Props<"th">) {
  return (
    <th
      style={style}
      className="border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-left font-semibold whitespace-nowrap dark:border-zinc-800 dark:bg-zinc-900"
    >
      {children}
    </th>
  );
}

function Td({ children, style }: Props<"td">) {
  return (
    <td style={style} className="border-t border-zinc-200 px-3 py-2 align-top dark:border-zinc-800">
      {children}
    </td>
  );
}

function List({ ordered, className, start, children }: Props<"ul"> & { ordered?: boolean; start?: number }) {
  const tasks = className?.includes("contains-task-list");
  const style = tasks
    ? "my-3 list-none space-y-1 pl-1"
    : `my-3 space-y-1 pl-6 marker:text-zinc-500 [li_&]:my-1 ${ordered ? "list-decimal" : "list-disc [li_&]:list-[circle]"}`;
  return ordered ? (
    <ol start={start} className={style}>
      {children}
    </ol>
  ) : (
    <ul className={style}>{children}</ul>
  );
}

export const COMPONENTS: Components = {
  a: Anchor,
  img: ImageLink,
  pre: Pre,
  code: InlineCode,
  table: Table,
  th: Th,
  td: Td,
  ul: ({ node: _node, ...props }) => <List {...props} />,
  ol: ({ node: _node, start, ...props }) => <List {...props} ordered start={start} />,
  li: ({ children, className }) => (
    <li className={className?.includes("task-list-item") ? "pl-0" : "pl-1"}>{children}</li>
  ),
  input: ({ type, checked }) =>
    type === "checkbox" ? (
      <input
        type="checkbox"
        checked={Boolean(checked)}
        disabled
        className="mr-2 size-3.5 align-[-2px] accent-emerald-600"
      />
    ) : null,
  p: ({ children }) => <p className="my-3 leading-7">{children}</p>,
  h1: ({ children }) => <h1 className="mt-6 mb-3 text-2xl font-semibold tracking-tight">{children}</h1>,
  h2: ({ children }) => <h2 className="mt-6 mb-3 text-xl font-semibold tracking-tight">{children}</h2>,
  h3: ({ children }) => <h3 className="mt-5 mb-2 text-lg font-semibold">{children}</h3>,
  h4: ({ children }) => <h4 className="mt-4 mb-2 font-semibold">{children}</h4>,
  h5: ({ children }) => <h5 className="mt-4 mb-2 font-semibold">{children}</h5>,
  h6: ({ children }) => (
    <h6 className="mt-4 mb-2 font-semibold text-zinc-600 dark:text-zinc-400">{children}</h6>
  ),
  strong: ({ children }) => <strong className="font-semibold">{children}</strong>,
  del: ({ children }) => <del className="text-zinc-500 line-through dark:text-zinc-400">{children}</del>,
  blockquote: ({ children }) => (
    <blockquote className="my-3 border-l-4 border-zinc-300 pl-4 text-zinc-700 dark:border-zinc-600 dark:text-zinc-300">
      {children}
    </blockquote>
  ),
  hr: () => <hr className="my-6 border-zinc-200 dark:border-zinc-800" />,
  section: ({ children, className }) => (
    <section className={`${className ?? ""} mt-6 border-t border-zinc-200 pt-3 text-sm dark:border-zinc-800`}>
      {children}
    </section>
  ),
};
