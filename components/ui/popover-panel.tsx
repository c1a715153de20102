"use client";
import * as Popover from "@radix-ui/react-popover";
import { clsx } from "clsx";
import { X } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { Button } from "./button";

/** A popover's panel beside its trigger, the one look popovers share; `className` sets its width and layout. */
export function PopoverPanel({ className, ...props }: ComponentProps<typeof Popover.Content>) {
  return (
    <Popover.Portal>
      <Popover.Content align="end" sideOffset={6} collisionPadding={8} {...props} className={clsx("z-50 rounded-xl bg-surface shadow-lg ring-1 ring-line", className)} />
    </Popover.Portal>
  );
}

/** A popover's title with its close button, as every popover panel starts. */
export function PopoverHeading({ children, closeLabel }: { children: ReactNode; closeLabel: string }) {
  return (
    <div className="flex items-center justify-between">
      <h2 className="text-sm font-semibold">{children}</h2>
      <Popover.Close asChild>
        <Button size="icon" variant="ghost" className="-mr-2 size-8" aria-label={closeLabel}>
          <X aria-hidden className="size-4" />
        </Button>
      </Popover.Close>
    </div>
  );
}
