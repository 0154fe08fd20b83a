/** What the sign-in and sign-up forms get back from their action: nothing on success (it redirects). */
export type AuthFormState =
  | { error: string; fieldErrors?: Record<string, string>; values: { name?: string; email?: string } }
  | undefined;
