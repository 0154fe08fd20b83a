import type { DefaultSession } from "next-auth";

// The session and token carry the user's id, role and session epoch. The role there is only a hint for
// the proxy's optimistic redirect; lib/auth/actor.ts re-reads it from the database for every real
// decision. The epoch (lib/auth/session-epoch.ts) refuses tokens issued before the account's last
// password change, sign-out of all devices or disabling.
declare module "next-auth" {
  interface Session {
    user: { id: string; role: "USER" | "ADMIN"; epoch: number } & DefaultSession["user"];
  }
  interface User {
    role?: "USER" | "ADMIN";
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    role?: "USER" | "ADMIN";
    epoch?: number;
  }
}

export {};
