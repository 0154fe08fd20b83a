// Runs once when the server starts (Node.js runtime only): check the settings, then start the
// periodic jobs (purges, the sweep of interrupted answers).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkSettingsAtStartup } = await import("./lib/startup-check");
    checkSettingsAtStartup();
    const { startBackgroundJobs } = await import("./lib/background-jobs");
    startBackgroundJobs();
  }
}
