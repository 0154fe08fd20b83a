import type { Metadata } from "next";
import { oauthProviders } from "@/lib/auth/auth";
import { safeCallbackPath } from "@/lib/auth/safe-redirect";
import { SignInForm } from "@/components/auth/sign-in-form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";
import { FormMessage } from "@/components/ui/form-message";

export const metadata: Metadata = { title: "Sign in" };

// Errors Auth.js reports through the URL after an OAuth round trip.
const oauthErrors: Record<string, string> = {
  AccessDenied: "This account cannot sign in. It may have been disabled.",
  OAuthAccountNotLinked: "This email already has an account. Sign in with your password.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  const error =
    typeof params.error === "string"
      ? (oauthErrors[params.error] ?? "Sign-in failed. Please try again.")
      : undefined;
  return (
    <>
      <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
      <FormMessage error={error} />
      <OAuthButtons providers={oauthProviders()} callbackUrl={callbackUrl} />
      <SignInForm callbackUrl={callbackUrl} />
    </>
  );
}
