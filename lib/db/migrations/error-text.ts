// Shared by the migration runner's error messages. No "server-only": the CLI scripts use the runner.

/** The driver's error code (ECONNREFUSED, 28P01…), when the error carries one. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}
