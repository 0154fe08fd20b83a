"use client";

import { lazy, Suspense, type ComponentProps } from "react";
import { PlainText } from "./plain-text";

// The markdown renderer (react-markdown, GFM, micromark: about a third of the chat's JavaScript) is
// loaded when the first answer needs it, not with the new-chat page, which has none. The composer
// starts the download as soon as someone types (preloadMarkdown), so it is normally there before the
// answer is. Until it is, the text shows as plain text: nothing waits on it. The server renders
// every answer as plain text too (see Markdown), so a conversation page's HTML matches this fallback.
const load = () => import("./markdown");
const Markdown = lazy(() => load().then((module) => ({ default: module.Markdown })));

export function preloadMarkdown(): void {
  void load();
}

export function LazyMarkdown(props: ComponentProps<typeof Markdown>) {
  return (
    <Suspense fallback={<PlainText text={props.text} />}>
      <Markdown {...props} />
    </Suspense>
  );
}
