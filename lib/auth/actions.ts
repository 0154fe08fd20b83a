"use server";

import { signIn, signOut } from "./auth";
import { clientAddress } from "./session";
import { createSignInTicket } from "./ticket";
import { safeCallbackPath } from "./safe-redirect";
import type { AuthFormState } from "./form-state";
import { authenticate } from "@/lib/users/authenticate";
import { registerUser } from "@/lib/users/register-user";
import { toActionError } from "@/lib/errors/action-result";

// The sign-in, sign-up and sign-out forms post here. Forms send FormData, so each field is read as
// text and handed to lib/users, which validates it with the shared zod schema.

function text(formData: FormData, key: string): string | undefined {
  const value = formData.get(key);
  return typeof value === "string" ? value : undefined;
}

function failed(error: unknown, values: { name?: string; email?: string }): AuthFormState {
  const { error: e } = toActionError(error);
  return { error: e.message, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}), values };
}

export async function signInAction(_state: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const email = text(formData, "email");
  const raw = { email, password: text(formData, "password") };
  let userId: string;
  try {
    userId = (await authenticate(raw, await clientAddress())).id;
  } catch (error) {
    return failed(error, { email: (email ?? "").slice(0, 254) });
  }
  // Throws Next.js's redirect, which must stay outside the try above.
  await signIn("credentials", {
    ticket: createSignInTicket(userId),
    redirectTo: safeCallbackPath(text(formData, "callbackUrl")),
  });
  return undefined;
}

export async function signUpAction(_state: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const name = text(formData, "name");
  const email = text(formData, "email");
  let userId: string;
  try {
    userId = (
      await registerUser({ name, email, password: text(formData, "password") }, await clientAddress())
    ).id;
  } catch (error) {
    return failed(error, { name: (name ?? "").slice(0, 100), email: (email ?? "").slice(0, 254) });
  }
  await signIn("credentials", { ticket: createSignInTicket(userId), redirectTo: "/" });
  return undefined;
}

export async function oauthSignInAction(formData: FormData): Promise<void> {
  const provider = text(formData, "provider");
  if (provider !== "github" && provider !== "google") return;
  await signIn(provider, { redirectTo: safeCallbackPath(text(formData, "callbackUrl")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
