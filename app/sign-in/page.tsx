export const metadata = { title: "Sign in — Castboard" };

type SignInParams = { error?: string; minutes?: string; "signed-out"?: string };

function errorText(error: string | undefined, minutes: string | undefined): string | null {
  if (!error) return null;
  if (error === "locked") {
    const wait = Number(minutes) > 0 ? `${Number(minutes)} min` : "a few minutes";
    return `Too many wrong tokens from this address. Wait ${wait}, then try again.`;
  }
  return "That token is not right. Check it and try again.";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<SignInParams> }) {
  const params = await searchParams;
  const error = errorText(params.error, params.minutes);
  return (
    <main className="mx-auto flex min-h-dvh max-w-sm flex-col justify-center gap-6 px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in to Castboard</h1>
      <p className="text-sm text-muted">This Castboard is shared by a team. Enter the access token your admin gave you.</p>
      {params["signed-out"] && !error ? (
        <p role="status" className="text-sm text-muted">
          You are signed out. Your projects stay in this browser.
        </p>
      ) : null}
      <form method="post" action="/api/session" className="flex flex-col gap-3">
        <label htmlFor="token" className="text-sm font-medium">
          Access token
        </label>
        <input
          id="token"
          name="token"
          type="password"
          required
          autoComplete="current-password"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "token-error" : undefined}
          className="rounded-md border border-line bg-surface px-3 py-2 text-sm"
        />
        {error ? (
          <p id="token-error" role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
        <button type="submit" className="rounded-md bg-ink px-3 py-2 text-sm font-medium text-white">
          Sign in
        </button>
      </form>
    </main>
  );
}
