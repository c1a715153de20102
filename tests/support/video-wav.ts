/** A mono 16-bit WAV of a 440 Hz tone at half scale: a clip the animatic tests can hear where it plays. */
export function toneWav(seconds: number, sampleRate = 44_100): Uint8Array {
  const n = Math.round(seconds * sampleRate);
  const view = new DataView(new ArrayBuffer(44 + n * 2));
  const text = (at: number, s: string) => [...s].forEach((c, k) => view.setUint8(at + k, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + n * 2, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, n * 2, true);
  for (let k = 0; k < n; k++) view.setInt16(44 + k * 2, Math.round(Math.sin((2 * Math.PI * 440 * k) / sampleRate) * 0.5 * 32767), true);
  return new Uint8Array(view.buffer);
}
