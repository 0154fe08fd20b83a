import type { TextareaHTMLAttributes } from "react";

/** A bordered, vertically resizable text box (comments, corrections). Name it with aria-label or a label. */
export function TextArea({ className = "", ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <textarea
      className={`w-full resize-y rounded-md border border-zinc-300 bg-white p-2 text-sm dark:border-zinc-700 dark:bg-zinc-900 ${className}`}
      {...props}
    />
  );
}
