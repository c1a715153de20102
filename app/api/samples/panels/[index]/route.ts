import { AppError } from "@/lib/errors";
import { drawSamplePanel, isSampleShot } from "@/lib/server/sample-panels";
import * as z from "@/lib/zod";

const IndexSchema = z.string().check(z.regex(/^\d{1,2}$/));

/** One panel of the sample storyboard, drawn by the offline engine (free, in either mode). */
export async function GET(_request: Request, { params }: { params: Promise<{ index: string }> }) {
  const { index } = await params;
  const shot = IndexSchema.safeParse(index).success ? Number(index) : -1;
  if (!isSampleShot(shot)) return new AppError("not_found", "There is no such sample panel.").toResponse();
  const png = await drawSamplePanel(shot);
  return new Response(new Uint8Array(png), {
    headers: { "content-type": "image/png", "cache-control": "public, max-age=3600" },
  });
}
