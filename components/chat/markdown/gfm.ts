// GitHub Flavored Markdown for parsing only: tables, task lists, strikethrough, autolink literals and
// footnotes. remark-gfm also registers GFM's markdown *serializer*, which a renderer never uses and
// which would add ~7 kB gzip (mdast-util-to-markdown, markdown-table) to the page's initial JavaScript.
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import type { Processor } from "unified";

export function remarkGfmParse(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfm());
  (data.fromMarkdownExtensions ??= []).push(gfmFromMarkdown());
}
