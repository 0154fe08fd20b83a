import type { DefaultSession } from "next-auth";

// The session and token carry the user's id and role. The role there is only a hint for the proxy's
// optimistic redirect; lib/auth/actor.ts re-reads it from the database for every real decision.
declare module "next-auth" {
  interface Session {
    user: { id: string; role: "USER" | "ADMIN" } & DefaultSession["user"];
  }
  interface User {
    role?: "USER" | "ADMIN";
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    role?: "USER" | "ADMIN";
  }
}

export {};
