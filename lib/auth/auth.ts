import "server-only";
import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import type { Provider } from "next-auth/providers";
import { authSecret, env } from "../env";
import { db } from "../db/client";
import { baseAuthConfig } from "./base-config";
import { flywheelAdapter } from "./adapter";
import { verifySignInTicket } from "./ticket";
import { currentSessionEpoch, sessionEpochIsCurrent } from "./session-epoch";

function providers(): Provider[] {
  const settings = env();
  const list: Provider[] = [
    Credentials({
      id: "credentials",
      credentials: { ticket: {} },
      // Passwords are checked (and throttled) by lib/users/authenticate.ts; this accepts its tickets only.
      async authorize(credentials) {
        const userId = verifySignInTicket(credentials?.ticket);
        if (!userId) return null;
        const user = await db().user.findUnique({
          where: { id: userId },
          select: { id: true, email: true, name: true, role: true, disabledAt: true },
        });
        if (!user || user.disabledAt) return null;
        return { id: user.id, email: user.email, name: user.name, role: user.role };
      },
    }),
  ];
  if (settings.AUTH_GITHUB_ID && settings.AUTH_GITHUB_SECRET) {
    list.push(GitHub({ clientId: settings.AUTH_GITHUB_ID, clientSecret: settings.AUTH_GITHUB_SECRET }));
  }
  if (settings.AUTH_GOOGLE_ID && settings.AUTH_GOOGLE_SECRET) {
    list.push(Google({ clientId: settings.AUTH_GOOGLE_ID, clientSecret: settings.AUTH_GOOGLE_SECRET }));
  }
  return list;
}

// Lazy configuration: settings are read at request time, never at build time.
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  ...baseAuthConfig,
  secret: authSecret(),
  adapter: flywheelAdapter(),
  providers: providers(),
  callbacks: {
    ...baseAuthConfig.callbacks,
    // Every read of the session (auth(), /api/auth/session) passes here: a token whose epoch is no
    // longer the account's, or whose account is disabled or gone, is refused (Auth.js then answers
    // null and clears the cookie).
    async jwt(params) {
      const token = baseAuthConfig.callbacks.jwt(params);
      if (params.user?.id) {
        const epoch = await currentSessionEpoch(params.user.id);
        if (epoch === null) return null;
        token.epoch = epoch;
        return token;
      }
      if (!token.uid) return null;
      return (await sessionEpochIsCurrent(token.uid, token.epoch ?? 0)) ? token : null;
    },
    async signIn({ user }) {
      // OAuth sign-ins of disabled accounts are refused like password ones.
      if (!user?.id) return true;
      const row = await db().user.findUnique({
        where: { id: user.id },
        select: { disabledAt: true, role: true },
      });
      if (row?.disabledAt) return false;
      if (row) user.role = row.role;
      return true;
    },
  },
}));

/** Which OAuth buttons the sign-in page shows. */
export function oauthProviders(): { id: string; name: string }[] {
  const settings = env();
  return [
    ...(settings.AUTH_GITHUB_ID ? [{ id: "github", name: "GitHub" }] : []),
    ...(settings.AUTH_GOOGLE_ID ? [{ id: "google", name: "Google" }] : []),
  ];
}
