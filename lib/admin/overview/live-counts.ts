import "server-only";
import { db } from "../../db/client";
import { countPeopleSql } from "./overview-sql";

export type PeopleCounts = {
  users: number;
  newUsers: number;
  conversations: number;
  newConversations: number;
};

/**
 * Users and conversations, all time and since `from`: small tables (one row per person or chat, not
 * per message), counted exactly on every visit in one round trip. Deleted conversations are left out.
 */
export async function countPeople(from: string): Promise<PeopleCounts> {
  const [row] = await db().$queryRaw<PeopleCounts[]>(countPeopleSql(from));
  return row ?? { users: 0, newUsers: 0, conversations: 0, newConversations: 0 };
}
