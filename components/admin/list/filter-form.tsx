"use client";

import { useRouter } from "next/navigation";

/**
 * A GET form whose fields become the list's URL: filters are shareable and the back button works.
 * With JavaScript, blank fields are left out of the URL and the page changes without a reload;
 * without it, the browser submits the same form natively.
 */
export function FilterForm({
  path,
  label,
  className,
  children,
}: {
  path: string;
  label: string;
  className?: string;
  children: React.ReactNode;
}) {
  const router = useRouter();
  return (
    <form
      role="search"
      aria-label={label}
      action={path}
      method="get"
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        const params = new URLSearchParams();
        for (const [key, value] of new FormData(event.currentTarget)) {
          if (typeof value === "string" && value.trim() !== "") params.set(key, value.trim());
        }
        const query = params.toString();
        router.push(query ? `${path}?${query}` : path);
      }}
    >
      {children}
    </form>
  );
}
