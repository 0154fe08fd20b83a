/** A timestamp as the admin lists show it: minutes, in UTC, the same on every server and browser. */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
