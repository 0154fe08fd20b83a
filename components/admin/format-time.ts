/** An instant as the admin console shows it: to the minute, in UTC, the same on every server and browser. */
export function formatTime(at: Date | string): string {
  return `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
