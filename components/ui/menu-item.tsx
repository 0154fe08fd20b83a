import type { ButtonHTMLAttributes } from "react";

/** The classes of a menu entry, for a link in a menu. */
export function menuItemClass({ danger = false }: { danger?: boolean } = {}): string {
  return `block w-full px-3 py-2 text-left text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800 ${
    danger ? "text-red-700 dark:text-red-400" : ""
  }`;
}

/** A button in a `role="menu"` list. */
export function MenuItem({
  danger,
  className = "",
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { danger?: boolean }) {
  return (
    <button role="menuitem" type={type} className={`${menuItemClass({ danger })} ${className}`} {...props} />
  );
}
