import { clsx } from "clsx";
import { forwardRef, type ButtonHTMLAttributes } from "react";

type Variant = "primary" | "inverse" | "secondary" | "ghost" | "danger";
type Size = "sm" | "md" | "icon";

const VARIANTS: Record<Variant, string> = {
  primary: "bg-ink text-white hover:bg-black disabled:bg-ink/40",
  inverse: "bg-white text-ink hover:bg-white/90",
  secondary: "bg-surface text-ink ring-1 ring-line hover:bg-canvas disabled:text-muted",
  ghost: "text-ink hover:bg-black/5 disabled:text-muted/60",
  danger: "bg-surface text-red-700 ring-1 ring-line hover:bg-red-50",
};

const SIZES: Record<Size, string> = {
  sm: "h-8 px-2.5 text-[13px] gap-1.5",
  md: "h-9 px-3 text-sm gap-2",
  icon: "h-9 w-9 justify-center",
};

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: Size;
}

/** The one button of the app: consistent height, radius, focus ring and disabled look. */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = "secondary", size = "md", className, type = "button", ...props },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type}
      className={clsx(
        "inline-flex shrink-0 items-center rounded-md font-medium transition-colors select-none disabled:cursor-not-allowed",
        VARIANTS[variant],
        SIZES[size],
        className,
      )}
      {...props}
    />
  );
});
