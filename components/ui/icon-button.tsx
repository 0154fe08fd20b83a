import type { ButtonHTMLAttributes } from "react";

type Size = "xs" | "sm" | "md";
/** ghost on the page, sunken on a grey surface (sidebar), solid for the composer's main action. */
type Tone = "ghost" | "sunken" | "solid";

const sizes: Record<Size, string> = { xs: "rounded p-1", sm: "rounded p-1.5", md: "rounded-md p-2" };
const tones: Record<Tone, string> = {
  ghost:
    "text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 aria-pressed:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-200 dark:aria-pressed:text-zinc-100",
  sunken: "text-zinc-600 hover:bg-zinc-200 dark:text-zinc-400 dark:hover:bg-zinc-700",
  solid:
    "flex size-9 items-center justify-center rounded-full bg-zinc-900 text-white hover:bg-zinc-700 disabled:bg-zinc-300 dark:bg-zinc-100 dark:text-zinc-900 dark:disabled:bg-zinc-700",
};

/** The classes of an icon button, for a link that looks like one. */
export function iconButtonClass({ size = "sm", tone = "ghost" }: { size?: Size; tone?: Tone } = {}): string {
  // The solid button has one size, and greys out rather than fading when disabled.
  if (tone === "solid") return tones.solid;
  return `${sizes[size]} ${tones[tone]} disabled:opacity-40 disabled:hover:bg-transparent`;
}

/**
 * A button that shows only an icon (or a glyph). `label` is required: it is the button's accessible
 * name, which screen readers announce and tests find it by.
 */
export function IconButton({
  label,
  size,
  tone,
  className = "",
  type = "button",
  ...props
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, "aria-label"> & {
  label: string;
  size?: Size;
  tone?: Tone;
}) {
  return (
    <button
      type={type}
      aria-label={label}
      className={`${iconButtonClass({ size, tone })} ${className}`}
      {...props}
    />
  );
}
