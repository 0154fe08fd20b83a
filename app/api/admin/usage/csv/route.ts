import { currentActor } from "@/lib/auth/session";
import { errorResponse } from "@/lib/errors/http";
import { openUsageCsv } from "@/lib/usage/usage-csv";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Admin → Usage's "Download CSV" for the page's filters (?days / ?from&to, ?user, ?model), streamed.
 * Admins only — anyone else gets the same 404 as for a page that does not exist.
 */
export async function GET(request: Request) {
  try {
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const { filename, lines } = await openUsageCsv(await currentActor(), params);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
