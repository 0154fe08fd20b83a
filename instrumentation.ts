// Runs once when the server starts (Node.js runtime only): check the settings, start the periodic
// jobs (purges, the sweep of interrupted answers), and hand the production server the public API's
// own node:http handler (lib/api/node).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkSettingsAtStartup } = await import("./lib/startup-check");
    checkSettingsAtStartup();
    const { startBackgroundJobs } = await import("./lib/background-jobs");
    startBackgroundJobs();
    const { registerApiHandlers } = await import("./lib/api/node/register");
    registerApiHandlers();
  }
}
