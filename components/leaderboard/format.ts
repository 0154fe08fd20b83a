// How the leaderboard writes its numbers: whole rating points, percentages with one decimal.

export const points = (value: number) => Math.round(value).toLocaleString("en");

export const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export const modelLabel = (names: Record<string, string>, model: string) => names[model] ?? model;
