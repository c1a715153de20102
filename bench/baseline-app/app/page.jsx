/** The page of an empty Next.js app: the first-load JavaScript baseline (bench/first-load.bench.ts). */
export default function Page() {
  return (
    <main>
      <h1>Hello</h1>
    </main>
  );
}
