// Input schemas shared by forms (client) and server actions (server). One per input, named by verb.
import { z } from "zod";
import { userText } from "../validation/user-text";

const MAX_PASSWORD = 1024;

export const emailField = z
  .string({ error: "Enter your email." })
  .trim()
  .min(1, "Enter your email.")
  .max(254, "Email is too long.")
  .pipe(z.email("Enter a valid email address."))
  .transform((email) => email.toLowerCase());

export const nameField = userText({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(100, "Name must be at most 100 characters.")
  // Control characters have no place in a display name (and break logs and exports).
  .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "Name contains invalid characters.");

export const newPasswordField = z
  .string({ error: "Enter a password." })
  .min(8, "Password must be at least 8 characters.")
  .max(MAX_PASSWORD, `Password must be at most ${MAX_PASSWORD.toLocaleString("en-US")} characters.`);

export const signUpInput = z.object({ name: nameField, email: emailField, password: newPasswordField });
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({
  email: emailField,
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(MAX_PASSWORD, "Email or password is incorrect."),
  callbackUrl: z.string().max(2048).optional(),
});
export type SignInInput = z.infer<typeof signInInput>;

export const updateProfileInput = z.object({ name: nameField });

export const changePasswordInput = z.object({
  currentPassword: z.string().max(MAX_PASSWORD).default(""),
  newPassword: newPasswordField,
});

export const setTrainingConsentInput = z.object({ consent: z.boolean() });

export const deleteAccountInput = z.object({
  confirmation: z.string().trim().max(300),
});

export const updateCustomInstructionsInput = z.object({
  customInstructions: userText().max(8000, "Custom instructions are at most 8,000 characters."),
});
