"use client";

import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
  type ReactElement,
} from "react";
import ReactMarkdown from "react-markdown";
import { remarkGfmParse } from "./gfm";
import { splitSettled, splitStreaming } from "./blocks";
import { ALLOWED_ELEMENTS, BlockContext, COMPONENTS, type OnCopyCode } from "./elements";
import { formatLimit, LIMIT_NOTICE } from "./limits";
import { PlainText } from "./plain-text";
import { remarkHtmlAsText, safeUrl } from "./safety";

const REMARK_PLUGINS = [remarkGfmParse, remarkHtmlAsText];

/** One top-level block. Memoised on its source: while an answer streams only the last one re-renders. */
const Block = memo(function Block({
  source,
  streaming,
  onCopyCode,
}: {
  source: string;
  streaming: boolean;
  onCopyCode: OnCopyCode;
}) {
  const context = useMemo(() => ({ source, streaming, onCopyCode }), [source, streaming, onCopyCode]);
  const content = useMemo(() => renderBlock(source), [source]);
  return <BlockContext value={context}>{content}</BlockContext>;
});

function renderBlock(source: string): ReactElement {
  try {
    // react-markdown's synchronous renderer is a plain function (no hooks): calling it here lets a
    // parser failure fall back to plain text instead of taking the whole conversation down.
    return ReactMarkdown({
      children: source,
      remarkPlugins: REMARK_PLUGINS,
      skipHtml: true,
      urlTransform: safeUrl,
      allowedElements: ALLOWED_ELEMENTS,
      unwrapDisallowed: true,
      components: COMPONENTS,
    });
  } catch {
    return <p className="my-3 leading-7 whitespace-pre-wrap">{source}</p>;
  }
}

type MarkdownProps = {
  text: string;
  streaming?: boolean;
  onCopyCode?: (language: string | null) => void;
};

const subscribeNever = () => () => {};

/**
 * Whether this render runs in the browser after hydration. The server (and the hydration pass, which
 * must match the server's HTML) gets false: markdown is formatted only where its cost falls on the
 * one reader, never on the server that every user shares.
 */
function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}

/**
 * An answer's markdown (GFM). On the server, and until the page has hydrated, it is the plain text
 * (nothing is lost, and the server never runs the parser); then it is formatted in the browser. Raw
 * HTML is shown as text, never rendered; links open in a new tab without access to this page; unsafe
 * URLs are dropped; images are shown as links, not loaded.
 */
export function Markdown(props: MarkdownProps) {
  const hydrated = useHydrated();
  if (!hydrated) return props.text.trim() ? <PlainText text={props.text} /> : null;
  return <BoundedMarkdown {...props} />;
}

/**
 * Formats markdown unless it passes the formatting limits (`limits.ts`: size, nesting, delimiters
 * per paragraph); such a text stays plain, with a notice saying why.
 */
export function BoundedMarkdown(props: MarkdownProps) {
  const limit = useMemo(() => formatLimit(props.text), [props.text]);
  if (limit) return <PlainText text={props.text} notice={LIMIT_NOTICE[limit]} />;
  return <FormattedMarkdown {...props} />;
}

/**
 * Formats markdown at once, wherever it runs (the tests render it on the server). Pass `streaming`
 * while the text is still growing: an unterminated code fence then renders as code and is
 * highlighted at most every 300 ms. Callers go through `Markdown`, which applies the limits first.
 */
export function FormattedMarkdown({ text, streaming = false, onCopyCode }: MarkdownProps) {
  // Unchanged blocks keep their source string when streaming ends, so their memo still holds.
  const blocks = useMemo(() => (streaming ? splitStreaming : splitSettled)(text), [text, streaming]);
  // A stable callback, so a new onCopyCode on each parent render does not re-render every block.
  const latestOnCopy = useRef(onCopyCode);
  useEffect(() => {
    latestOnCopy.current = onCopyCode;
  });
  const onCopy = useCallback((language: string | null) => latestOnCopy.current?.(language), []);
  if (blocks.length === 0) return null;
  return (
    <div className="min-w-0 text-[15px] break-words text-zinc-900 dark:text-zinc-100 [&>:first-child]:mt-0 [&>:last-child]:mb-0">
      {blocks.map((source, index) => (
        <Block
          key={index}
          source={source}
          streaming={streaming && index === blocks.length - 1}
          onCopyCode={onCopy}
        />
      ))}
    </div>
  );
}
