import "server-only";
import type { Adapter, AdapterAccount, AdapterUser } from "next-auth/adapters";
import { db } from "../db/client";
import { insertUser } from "../users/insert-user";

// Our own Auth.js adapter, used only by OAuth providers (sessions are JWTs). It routes account creation
// through insertUser so OAuth sign-ups follow the same first-admin and consent rules as passwords.
type Row = {
  id: string;
  email: string;
  name: string;
  emailVerified: Date | null;
  image: string | null;
  role: "USER" | "ADMIN";
};

const columns = { id: true, email: true, name: true, emailVerified: true, image: true, role: true } as const;

function toAdapterUser(row: Row): AdapterUser {
  return { ...row, name: row.name || null };
}

export function flywheelAdapter(): Adapter {
  return {
    async createUser(user) {
      const row = await insertUser({
        name: user.name ?? user.email.split("@")[0] ?? "",
        email: user.email,
        passwordHash: null,
        emailVerified: user.emailVerified,
        image: user.image ?? null,
      });
      return toAdapterUser(row);
    },
    async getUser(id) {
      const row = await db().user.findUnique({ where: { id }, select: columns });
      return row ? toAdapterUser(row) : null;
    },
    async getUserByEmail(email) {
      const row = await db().user.findUnique({ where: { email: email.toLowerCase() }, select: columns });
      return row ? toAdapterUser(row) : null;
    },
    async getUserByAccount({ provider, providerAccountId }) {
      const account = await db().account.findUnique({
        where: { provider_providerAccountId: { provider, providerAccountId } },
        select: { user: { select: columns } },
      });
      return account ? toAdapterUser(account.user) : null;
    },
    async updateUser({ id, name, image, emailVerified }) {
      const row = await db().user.update({
        where: { id },
        data: {
          ...(name ? { name } : {}),
          ...(image !== undefined ? { image } : {}),
          ...(emailVerified !== undefined ? { emailVerified } : {}),
        },
        select: columns,
      });
      return toAdapterUser(row);
    },
    async linkAccount(account: AdapterAccount) {
      await db().account.create({
        data: {
          userId: account.userId,
          type: account.type,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          refresh_token: account.refresh_token ?? null,
          access_token: account.access_token ?? null,
          expires_at: account.expires_at ?? null,
          token_type: account.token_type ?? null,
          scope: account.scope ?? null,
          id_token: account.id_token ?? null,
          session_state: typeof account.session_state === "string" ? account.session_state : null,
        },
      });
    },
    async unlinkAccount({ provider, providerAccountId }) {
      await db().account.deleteMany({ where: { provider, providerAccountId } });
    },
    async deleteUser(id) {
      await db().user.deleteMany({ where: { id } });
    },
  };
}
