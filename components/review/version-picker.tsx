"use client";
import { usePathname, useRouter } from "next/navigation";
import type { ReviewActivity } from "@/lib/review/review-types";

const day = (iso: string) => new Date(iso).toLocaleDateString("en", { day: "numeric", month: "short", timeZone: "UTC" });

/** Older versions of the board, newest first; the newest has the plain link, the others `?version=N`. */
export function VersionPicker({ versions, shown }: { versions: ReviewActivity["versions"]; shown: number }) {
  const router = useRouter();
  const path = usePathname();
  const newest = versions.at(-1)?.number;
  return (
    <select
      aria-label="Version"
      value={shown}
      onChange={(event) => {
        const number = Number(event.target.value);
        router.push(number === newest ? path : `${path}?version=${number}`);
      }}
      className="h-9 rounded-md bg-surface px-2.5 text-sm font-medium text-ink ring-1 ring-line hover:bg-canvas"
    >
      {[...versions].reverse().map((v) => (
        <option key={v.number} value={v.number}>
          Version {v.number}
          {v.number === newest ? " (newest)" : ""} · {day(v.createdAt)}
        </option>
      ))}
    </select>
  );
}
