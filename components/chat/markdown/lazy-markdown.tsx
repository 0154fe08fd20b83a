"use client";

import { lazy, Suspense, type ComponentProps } from "react";

// The markdown renderer (react-markdown, GFM, micromark: about a third of the chat's JavaScript) is
// loaded when the first answer needs it, not with the new-chat page, which has none. The composer
// starts the download as soon as someone types (preloadMarkdown), so it is normally there before the
// answer is. Until it is, the text shows as plain text: nothing waits on it. A conversation page
// rendered on the server has it already.
const load = () => import("./markdown");
const Markdown = lazy(() => load().then((module) => ({ default: module.Markdown })));

export function preloadMarkdown(): void {
  void load();
}

export function LazyMarkdown(props: ComponentProps<typeof Markdown>) {
  return (
    <Suspense fallback={<p className="text-[15px] break-words whitespace-pre-wrap">{props.text}</p>}>
      <Markdown {...props} />
    </Suspense>
  );
}
