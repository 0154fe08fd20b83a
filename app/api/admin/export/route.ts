import { currentActor } from "@/lib/auth/session";
import { errorResponse } from "@/lib/errors/http";
import { openExport } from "@/lib/export/pipeline/admin-export";
import { exportInputFromParams } from "@/lib/export/export-input";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The admin page's "Download": the export for the page's query parameters, streamed as JSON Lines
 * (or a ZIP with a train/validation split). Admins only — anyone else gets the same 404 as for a
 * page that does not exist. A client that goes away cancels the export.
 */
export async function GET(request: Request) {
  try {
    const params = new URL(request.url).searchParams;
    const download = await openExport(await currentActor(), exportInputFromParams(params), {
      signal: request.signal,
    });
    return new Response(download.body, {
      headers: {
        "Content-Type": download.contentType,
        "Content-Disposition": `attachment; filename="${download.fileName}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
