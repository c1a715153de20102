/**
 * What the user picks for an animatic video, and what follows from it: the frame size in the
 * board's aspect ratio, and the codecs this browser can encode for the chosen container.
 */
export type Container = "mp4" | "webm";
export type Resolution = 720 | 1080;
export const FRAME_RATES = [24, 25, 30] as const;
export type FrameRate = (typeof FRAME_RATES)[number];

export interface BurnIns {
  /** Dialogue balloons, as on the board, fading with their panel. */
  balloons: boolean;
  /** The panel's caption as a subtitle at the bottom. */
  captions: boolean;
  /** Shot number and timecode in the top-left corner. */
  slate: boolean;
  /** The board's title before the first shot; it adds TITLE_CARD_SEC to the video. */
  titleCard: boolean;
}

export interface VideoOptions {
  container: Container;
  resolution: Resolution;
  fps: FrameRate;
  burnIns: BurnIns;
}

export const DEFAULT_VIDEO_OPTIONS: VideoOptions = {
  container: "mp4",
  resolution: 720,
  fps: 24,
  burnIns: { balloons: true, captions: false, slate: false, titleCard: false },
};

/** The title card plays this long before the first shot, so it lengthens the video by as much. */
export const TITLE_CARD_SEC = 2;

export const ASPECTS = [
  { name: "16:9", ratio: 16 / 9 },
  { name: "9:16", ratio: 9 / 16 },
  { name: "1:1", ratio: 1 },
  { name: "4:3", ratio: 4 / 3 },
] as const;
export type AspectName = (typeof ASPECTS)[number]["name"];

/** The listed aspect nearest to most of the board's frames (by count; the first panel breaks ties). */
export function boardAspect(panelAspects: readonly number[]): AspectName {
  const nearest = (r: number) => ASPECTS.reduce((best, a) => (Math.abs(Math.log(a.ratio / r)) < Math.abs(Math.log(best.ratio / r)) ? a : best)).name;
  const counts = new Map<AspectName, number>();
  for (const r of panelAspects) counts.set(nearest(r), (counts.get(nearest(r)) ?? 0) + 1);
  let best: AspectName = panelAspects.length > 0 ? nearest(panelAspects[0]!) : "16:9";
  for (const [name, n] of counts) if (n > (counts.get(best) ?? 0)) best = name;
  return best;
}

/** Frame size: the resolution is the short side (720p is 1280 × 720, or 720 × 1280 upright), both even for 4:2:0 video. */
export function frameSize(resolution: Resolution, aspect: AspectName): { width: number; height: number } {
  const ratio = ASPECTS.find((a) => a.name === aspect)!.ratio;
  const even = (n: number) => Math.round(n / 2) * 2;
  return ratio >= 1 ? { width: even(resolution * ratio), height: resolution } : { width: resolution, height: even(resolution / ratio) };
}

export interface CodecChoice {
  /** mediabunny's codec names. */
  video: "avc" | "vp9";
  /** The WebCodecs codec string the encoder is configured with. */
  videoCodecString: string;
  audio: "opus";
  /** For the dialog: "H.264 video, Opus audio". */
  label: string;
}

/** Bits per second for the picture: generous for drawn frames at 720p, scaled by pixel count and rate. */
export function videoBitrate(width: number, height: number, fps: number): number {
  return Math.round(((width * height) / (1280 * 720)) * (fps / 24) * 2_500_000);
}

/** H.264 level 4.0 covers 1080p30; High for 1080p, Main at 720p (both decode everywhere). */
function avcString(width: number, height: number): string {
  return width * height > 1280 * 720 ? "avc1.640028" : "avc1.4d0028";
}

/**
 * The codecs this browser can encode for the container at this size, or a sentence saying why
 * none can. Audio is Opus in both containers: Chromium does not encode AAC.
 */
export async function pickCodecs(container: Container, width: number, height: number, fps: number): Promise<CodecChoice | string> {
  if (typeof VideoEncoder === "undefined" || typeof AudioEncoder === "undefined") {
    return "This browser cannot encode video (it has no WebCodecs). Use a recent Chrome, Edge or Safari, or export the PNG panels or PDF instead.";
  }
  const video = container === "mp4" ? ({ video: "avc", videoCodecString: avcString(width, height), name: "H.264" } as const) : ({ video: "vp9", videoCodecString: "vp09.00.40.08", name: "VP9" } as const);
  const [videoOk, audioOk] = await Promise.all([
    VideoEncoder.isConfigSupported({ codec: video.videoCodecString, width, height, framerate: fps, bitrate: videoBitrate(width, height, fps), latencyMode: "realtime" }).then((r) => !!r.supported, () => false),
    AudioEncoder.isConfigSupported({ codec: "opus", sampleRate: 48_000, numberOfChannels: 2, bitrate: 128_000 }).then((r) => !!r.supported, () => false),
  ]);
  if (!videoOk) return `This browser cannot encode ${video.name} at ${width} × ${height}. Try ${container === "mp4" ? "WebM" : "MP4"} or 720p.`;
  if (!audioOk) return "This browser cannot encode Opus audio, which the video's sound needs.";
  return { video: video.video, videoCodecString: video.videoCodecString, audio: "opus", label: `${video.name} video, Opus audio` };
}
