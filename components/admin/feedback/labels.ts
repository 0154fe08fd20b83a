// Display names shared by the feedback list and detail.
export const RATING_LABEL = { up: "Good", down: "Bad" } as const;
export const STATUS_LABEL = { pending: "Pending", reviewed: "Reviewed", excluded: "Excluded" } as const;

export function formatTime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 16).replace("T", " ");
}
