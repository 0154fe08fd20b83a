// Display names shared by the feedback list and detail.
export const RATING_LABEL = { up: "Good", down: "Bad" } as const;
export const STATUS_LABEL = { pending: "Pending", reviewed: "Reviewed", excluded: "Excluded" } as const;
