import type { NextAuthConfig } from "next-auth";
import "./session-types";

// The part of the Auth.js configuration that the proxy shares with the app: how the JWT becomes a
// session. Providers (and the database they need) are added in lib/auth/auth.ts.
export const baseAuthConfig = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  // Self-hosted behind any reverse proxy: the Host header is trusted (set AUTH_URL to pin it).
  trustHost: true,
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.role = user.role ?? "USER";
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid) {
        session.user.id = token.uid;
        session.user.role = token.role ?? "USER";
        session.user.epoch = token.epoch ?? 0;
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
