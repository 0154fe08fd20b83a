import type { Metadata } from "next";
import { oauthProviders } from "@/lib/auth/auth";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { OAuthButtons } from "@/components/auth/oauth-buttons";

export const metadata: Metadata = { title: "Create account" };

export default function SignUpPage() {
  return (
    <>
      <h1 className="mb-4 text-lg font-semibold">Create your account</h1>
      <OAuthButtons providers={oauthProviders()} callbackUrl="/" />
      <SignUpForm />
    </>
  );
}
