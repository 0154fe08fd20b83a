// Whether a new chat turn goes to the blind arena, and which two models answer it. Pure, with the
// random source passed in, so that tests can force either outcome.

export type Random = () => number;

/** The built-in offline model is a stand-in for "nothing configured", not a model worth ranking. */
const OFFLINE_PROVIDER = "offline";

/** `sharePercent` of turns fire: never at 0, always at 100. */
export function arenaFires(sharePercent: number, random: Random): boolean {
  if (!(sharePercent > 0)) return false;
  if (sharePercent >= 100) return true;
  return random() * 100 < sharePercent;
}

const pick = (length: number, random: Random) => Math.min(length - 1, Math.floor(random() * length));

/**
 * Two distinct models, drawn uniformly from those eligible (the role's models but the offline one),
 * in the order they will be shown (A, B); null when fewer than two are eligible.
 */
export function drawArenaModels<T extends { id: string; provider: string }>(
  models: readonly T[],
  random: Random,
): [T, T] | null {
  const eligible = models.filter((model) => model.provider !== OFFLINE_PROVIDER);
  if (eligible.length < 2) return null;
  const first = pick(eligible.length, random);
  let second = pick(eligible.length - 1, random);
  if (second >= first) second += 1;
  return [eligible[first]!, eligible[second]!];
}
