// Sidebar sections like ChatGPT's: Today, Yesterday, Previous 7 days, Previous 30 days, then by month.
export type DateGroup<T> = { label: string; items: T[] };

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

export function groupLabel(updatedAt: Date, now: Date): string {
  const days = Math.floor((startOfDay(now) - startOfDay(updatedAt)) / 86_400_000);
  if (days <= 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days <= 7) return "Previous 7 days";
  if (days <= 30) return "Previous 30 days";
  const sameYear = updatedAt.getFullYear() === now.getFullYear();
  return updatedAt.toLocaleDateString(
    "en-US",
    sameYear ? { month: "long" } : { month: "long", year: "numeric" },
  );
}

/** Groups items already sorted newest first; the order of groups follows the order of items. */
export function groupByDate<T extends { updatedAt: string }>(items: T[], now = new Date()): DateGroup<T>[] {
  const groups: DateGroup<T>[] = [];
  for (const item of items) {
    const label = groupLabel(new Date(item.updatedAt), now);
    const last = groups[groups.length - 1];
    if (last && last.label === label) last.items.push(item);
    else groups.push({ label, items: [item] });
  }
  return groups;
}
