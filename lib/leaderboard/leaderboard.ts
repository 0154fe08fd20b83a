import "server-only";
import { db } from "../db/client";
import { requireUser, type Actor } from "../auth/actor";
import { notFound } from "../errors/app-error";
import { parseInput } from "../errors/parse-input";
import { featureSettings } from "../settings/app-settings";
import { modelNames } from "../models/registry";
import { pairCountsSql, type OutcomeQuery, type PairCountsRow } from "./leaderboard-sql";
import { leaderboardInput, PERIODS, type LeaderboardFilters } from "./schemas";
import { computeStandings, type OutcomeCount, type Standings } from "./standings";

export type LeaderboardViewer = "admin" | "user";

export type Leaderboard = Standings & {
  filters: LeaderboardFilters;
  /** Display names the registry knows, by model id. */
  names: Record<string, string>;
  viewer: LeaderboardViewer;
};

/**
 * Who may see the leaderboard: admins always, signed-in users when an admin made it public, nobody
 * else (anonymous callers and, while it is private, users get "not found", as for any admin page).
 */
export async function leaderboardViewer(actor: Actor): Promise<LeaderboardViewer> {
  let role: string;
  try {
    role = (await requireUser(actor)).role;
  } catch {
    throw notFound();
  }
  if (role === "ADMIN") return "admin";
  if ((await featureSettings()).leaderboardPublic) return "user";
  throw notFound();
}

const DAY_MS = 86_400_000;

// Escapes LIKE's wildcards, so a topic is matched as the text typed.
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function toQuery(filters: LeaderboardFilters, now: Date): OutcomeQuery {
  const days = PERIODS[filters.period];
  const sourceMap = {
    explicit: "explicit",
    arena: "arena",
    implied: "ratings",
    evaluation: "evaluation",
  } as const;
  return {
    since: days === null ? null : new Date(now.getTime() - days * DAY_MS).toISOString(),
    sources: filters.source === "all" ? null : [sourceMap[filters.source]],
    reason: filters.reason ?? null,
    titlePattern: filters.topic ? likePattern(filters.topic) : null,
  };
}

/** A pair's counts as the rows computeStandings takes. */
export function outcomeCounts({ modelA, modelB, winsA, winsB, ties }: PairCountsRow): OutcomeCount[] {
  return [
    { modelA, modelB, outcome: "a", count: winsA },
    { modelA, modelB, outcome: "b", count: winsB },
    { modelA, modelB, outcome: "tie", count: ties },
  ];
}

/**
 * The leaderboard under `raw` filters (period, source, reason, topic): Bradley–Terry ratings with
 * bootstrap intervals, votes, win rates and the win-rate matrix. Aggregates only, never a user's data;
 * the topic filter (text in conversation titles) is for admins, so users cannot probe others' titles.
 */
export async function getLeaderboard(
  actor: Actor,
  raw: unknown = {},
  now = new Date(),
): Promise<Leaderboard> {
  const viewer = await leaderboardViewer(actor);
  const parsed = parseInput(leaderboardInput, raw);
  const filters = viewer === "admin" ? parsed : { ...parsed, topic: undefined };
  const rows = await db().$queryRaw<PairCountsRow[]>(pairCountsSql(toQuery(filters, now)));
  const standings = computeStandings(rows.flatMap(outcomeCounts));
  // Disabled models too: a fine-tuned candidate is registered disabled while it is evaluated.
  const names = await modelNames(standings.standings.map((s) => s.model));
  return { ...standings, filters, names, viewer };
}
