import { readFile } from "node:fs/promises";
import path from "node:path";
import { marked } from "marked";
import Link from "next/link";

export const metadata = { title: "Setup — Castboard" };

/** The README is the one setup guide; this page shows it inside the app so it is always at hand. */
export default async function SetupPage() {
  const readme = await readFile(path.join(process.cwd(), "README.md"), "utf8");
  const html = await marked.parse(readme.replace(/^!\[[^\]]*\]\([^)]*\)\s*$/gm, ""));
  return (
    <main className="mx-auto max-w-3xl px-6 py-12">
      <Link href="/" className="text-sm text-muted underline underline-offset-4">
        ← Back to Castboard
      </Link>
      <article
        className="prose-castboard mt-6 flex flex-col gap-4 text-[15px] leading-relaxed"
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </main>
  );
}
