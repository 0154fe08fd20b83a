import { currentActor } from "@/lib/auth/session";
import { errorResponse } from "@/lib/errors/http";
import { openUserDataExport } from "@/lib/users/data-export";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** "Download my data" in settings: the signed-in user's own data as a JSON file. */
export async function GET() {
  try {
    const { filename, chunks } = await openUserDataExport(await currentActor());
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
