"use client";
import * as Popover from "@radix-ui/react-popover";
import { clsx } from "clsx";
import type { ComponentProps } from "react";

/** A popover's panel beside its trigger, the one look popovers share; `className` sets its width and layout. */
export function PopoverPanel({ className, ...props }: ComponentProps<typeof Popover.Content>) {
  return (
    <Popover.Portal>
      <Popover.Content align="end" sideOffset={6} collisionPadding={8} {...props} className={clsx("z-50 rounded-xl bg-surface shadow-lg ring-1 ring-line", className)} />
    </Popover.Portal>
  );
}
