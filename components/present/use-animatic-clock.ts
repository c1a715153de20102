"use client";
import { useCallback, useEffect, useRef, useState } from "react";

/**
 * The animatic's clock: seconds into the board, run by one requestAnimationFrame loop from
 * performance.now while playing. Every frame goes to `onFrame` (which draws the canvas) without a
 * React render; React hears the time only when its tenth of a second changes, for the timecode.
 */
export function useAnimaticClock({
  total,
  initial,
  onFrame,
  onStart,
  onStop,
}: {
  total: number;
  initial: number;
  onFrame: (t: number) => void;
  /** Playback starts at `t` (from a user's gesture): start the sound there. */
  onStart: (t: number) => void;
  onStop: () => void;
}) {
  const time = useRef(initial);
  const origin = useRef(0);
  const [playing, setPlaying] = useState(false);
  const [shown, setShown] = useState(initial);
  const handlers = useRef({ onFrame, onStart, onStop });
  useEffect(() => {
    handlers.current = { onFrame, onStart, onStop };
  });

  const seek = useCallback(
    (to: number) => {
      const t = Math.min(Math.max(0, to), total);
      time.current = t;
      origin.current = performance.now() - t * 1000;
      setShown(t);
      handlers.current.onFrame(t);
      if (playing) handlers.current.onStart(t);
    },
    [total, playing],
  );

  const play = useCallback(() => {
    if (total <= 0) return;
    // Play after the end starts again from the top.
    if (time.current >= total - 1e-3) time.current = 0;
    origin.current = performance.now() - time.current * 1000;
    handlers.current.onStart(time.current);
    setPlaying(true);
  }, [total]);

  const pause = useCallback(() => {
    handlers.current.onStop();
    setPlaying(false);
    setShown(time.current);
  }, []);

  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function tick(now) {
      const t = Math.min(total, (now - origin.current) / 1000);
      time.current = t;
      handlers.current.onFrame(t);
      if (t >= total) {
        handlers.current.onStop();
        setPlaying(false);
        setShown(t);
        return;
      }
      setShown((was) => (Math.floor(was * 10) === Math.floor(t * 10) ? was : t));
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, total]);

  return { time, shown, playing, seek, play, pause };
}
