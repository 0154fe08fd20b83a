// Errors of POST /api/chat: a request refused before streaming arrives as the JSON body of a failed
// response (nothing was saved); an error during the stream arrives as its message (the answer keeps
// it inline).
export function apiErrorMessage(error: Error): { message: string; refused: boolean } {
  try {
    const parsed = JSON.parse(error.message) as { error?: { message?: string } };
    if (parsed.error?.message) return { message: parsed.error.message, refused: true };
  } catch {
    // not our JSON
  }
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    return { message: "Could not reach Flywheel. Check your connection and try again.", refused: false };
  }
  return {
    message: error.message.slice(0, 300) || "Something went wrong. Please try again.",
    refused: false,
  };
}
