"use client";

import type { RatingValue } from "@/lib/feedback/reasons";
import { IconButton } from "@/components/ui/icon-button";
import { ThumbDownIcon, ThumbUpIcon } from "@/components/ui/icons";

const RATINGS = [
  { value: "up", label: "Good response", Icon: ThumbUpIcon },
  { value: "down", label: "Bad response", Icon: ThumbDownIcon },
] as const satisfies readonly { value: RatingValue; label: string; Icon: unknown }[];

/** "Good response" / "Bad response", in an answer's action row; the pressed one is the rating. */
export function FeedbackButtons({
  rating,
  onRate,
}: {
  rating: RatingValue | null;
  onRate: (rating: RatingValue) => void;
}) {
  return RATINGS.map(({ value, label, Icon }) => (
    <IconButton key={value} label={label} aria-pressed={rating === value} onClick={() => onRate(value)}>
      <Icon filled={rating === value} />
    </IconButton>
  ));
}
