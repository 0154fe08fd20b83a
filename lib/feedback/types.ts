// The caller's own feedback on an answer, as the chat view shows it.
import type { RatingValue } from "./reasons";

export type MessageFeedback = { rating: RatingValue; reasons: string[]; comment: string };
