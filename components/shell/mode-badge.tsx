import type { AppMode } from "@/lib/server/config";

const LABELS: Record<AppMode, { title: string; detail: string; tone: string }> = {
  offline: {
    title: "Offline engine",
    detail: "Draft panels are drawn on this server. Set FAL_KEY to render with Ideogram on fal.",
    tone: "bg-amber-50 text-amber-900 ring-amber-200",
  },
  fal: {
    title: "fal · Ideogram V3 Character",
    detail: "Panels are rendered by fal and billed to the server's key.",
    tone: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  },
};

export function ModeBadge({ mode, compact = false }: { mode: AppMode; compact?: boolean }) {
  const label = LABELS[mode];
  if (compact) {
    return (
      <span
        title={label.detail}
        className={`inline-flex h-7 shrink-0 items-center whitespace-nowrap rounded-full px-2.5 text-xs font-medium ring-1 ${label.tone}`}
        data-testid="mode-badge"
        data-mode={mode}
      >
        {label.title}
      </span>
    );
  }
  return (
    <div className={`inline-flex flex-col gap-0.5 rounded-lg px-3 py-2 ring-1 ${label.tone}`} data-testid="mode-badge" data-mode={mode}>
      <span className="text-sm font-medium">{label.title}</span>
      <span className="text-xs opacity-80">{label.detail}</span>
    </div>
  );
}
