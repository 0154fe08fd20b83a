// GitHub Flavored Markdown for parsing only: tables, task lists, strikethrough, autolink literals and
// footnotes. remark-gfm also registers GFM's markdown *serializer*, which a renderer never uses and
// which would add ~7 kB gzip (mdast-util-to-markdown, markdown-table) to the page's initial JavaScript.
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import type { Processor } from "unified";

// Built once: they are plain data (syntax tables and handlers), and an answer is rendered block by
// block, each block with its own processor, so building them per block was most of a long answer's cost.
const SYNTAX = gfm();
const FROM_MARKDOWN = gfmFromMarkdown();

export function remarkGfmParse(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(SYNTAX);
  (data.fromMarkdownExtensions ??= []).push(FROM_MARKDOWN);
}
