// Next.js page searchParams → the raw input of a list's zod schema. Lists keep their state in the URL
// (shareable, the back button works); the schema, not this, decides what is valid.

export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of each known key, blanks dropped (an emptied filter field means "any"). */
export function listInput(params: SearchParams, keys: readonly string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const key of [...keys, "after", "before"]) {
    const value = params[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first.trim() !== "") raw[key] = first;
  }
  return raw;
}

/** A list URL: the filters plus at most one page position. */
export function listHref(
  path: string,
  filters: Record<string, string>,
  position?: { after: string } | { before: string },
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (key !== "after" && key !== "before" && value) params.set(key, value);
  }
  if (position && "after" in position) params.set("after", position.after);
  if (position && "before" in position) params.set("before", position.before);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
