/** The rating filter's choices, as the feedback list and the export form offer them. */
export const RATING_OPTIONS = [
  ["up", "Good response"],
  ["down", "Bad response"],
] as const;
