import { isExportFont, readExportFont } from "@/lib/server/fonts";

export async function GET(_request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  if (!isExportFont(name)) return Response.json({ error: { code: "not_found", message: "No such font." } }, { status: 404 });
  const bytes = await readExportFont(name);
  return new Response(new Uint8Array(bytes), {
    headers: { "content-type": "font/ttf", "cache-control": "public, max-age=31536000, immutable" },
  });
}
