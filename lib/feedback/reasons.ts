// The reason chips offered after a rating. Keys are stored; labels are shown. Shared by the browser
// (components/feedback) and the server (validation, admin filters, export), so both agree on the set.

export const BAD_REASONS = {
  not_factual: "Not factually correct",
  not_following_instructions: "Didn't follow instructions",
  incomplete: "Incomplete",
  unsafe: "Unsafe or harmful",
  too_verbose: "Too verbose",
  outdated: "Outdated",
  other: "Other",
} as const;

export const GOOD_REASONS = {
  correct: "Correct",
  easy_to_understand: "Easy to understand",
  followed_instructions: "Followed instructions",
  creative: "Creative",
  other: "Other",
} as const;

export type BadReason = keyof typeof BAD_REASONS;
export type GoodReason = keyof typeof GOOD_REASONS;
export type ReasonKey = BadReason | GoodReason;
export type RatingValue = "up" | "down";

export function reasonsFor(rating: RatingValue): Record<string, string> {
  return rating === "up" ? GOOD_REASONS : BAD_REASONS;
}

export function reasonLabel(key: string): string {
  return (BAD_REASONS as Record<string, string>)[key] ?? (GOOD_REASONS as Record<string, string>)[key] ?? key;
}

export const COMMENT_MAX_CHARS = 2000;
