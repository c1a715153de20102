"use client";
import { useCastboard } from "@/lib/state/store";

/** Says what could not be loaded from storage; the rest of the work opens as usual. */
export function LoadReportBanner() {
  const dropped = useCastboard((s) => s.loadReport.dropped);
  if (dropped.length === 0) return null;
  return (
    <div role="alert" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-[13px] text-amber-900">
      Some saved items could not be read and were set aside: {dropped.map((d) => `${d.what} (${d.why})`).join("; ")}.
    </div>
  );
}
