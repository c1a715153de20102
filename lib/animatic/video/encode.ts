import { AudioSample, AudioSampleSource, CanvasSource, Mp4OutputFormat, Output, StreamTarget, WebMOutputFormat, type StreamTargetChunk } from "mediabunny";
import type { RenderJob } from "./job";
import { videoBitrate } from "./options";
import { framePainter } from "./frame-painter";

/**
 * Draws every frame of the animatic into an OffscreenCanvas and encodes it with WebCodecs
 * (through mediabunny), the mixed sound as Opus beside it, muxed into MP4 or WebM. The file
 * leaves in chunks through `write` as it is made (a chunk may rewrite an earlier position: the
 * container's header is patched at the end), so memory holds at most one chunk of output.
 */
export type WriteChunk = (position: number, data: Uint8Array) => Promise<void>;
export type OnProgress = (done: number, total: number) => void;

/** Output leaves the muxer in pieces of this size: few messages, little memory. */
const CHUNK_BYTES = 4 * 1024 * 1024;
/** A keyframe every 2 s: seeking in an editor stays quick, and the file stays small. */
const KEYFRAME_SEC = 2;
const AUDIO_BLOCK_SEC = 1;

export async function encodeAnimatic(job: RenderJob, write: WriteChunk, onProgress: OnProgress): Promise<void> {
  const { width, height, fps } = job;
  const canvas = new OffscreenCanvas(width, height);
  const painter = await framePainter(job, canvas);
  const writable = new WritableStream<StreamTargetChunk>({ write: (chunk) => write(chunk.position, chunk.data.slice()) });
  const output = new Output({
    format: job.container === "mp4" ? new Mp4OutputFormat() : new WebMOutputFormat(),
    target: new StreamTarget(writable, { chunked: true, chunkSize: CHUNK_BYTES }),
  });
  const video = new CanvasSource(canvas, {
    codec: job.codecs.video,
    fullCodecString: job.codecs.videoCodecString,
    bitrate: videoBitrate(width, height, fps),
    keyFrameInterval: KEYFRAME_SEC,
    // Chromium's software encoders run about twice as fast in realtime mode, at a bitrate that
    // drawn frames do not miss; it does not drop frames when the input waits on the encoder.
    latencyMode: "realtime",
  });
  output.addVideoTrack(video, { frameRate: fps });
  const audio = job.audio ? new AudioSampleSource({ codec: "opus", bitrate: 128_000 }) : null;
  if (audio) output.addAudioTrack(audio);
  await output.start();

  if (audio && job.audio) {
    const { sampleRate, channels } = job.audio;
    const length = channels[0]!.length;
    const block = sampleRate * AUDIO_BLOCK_SEC;
    for (let at = 0; at < length; at += block) {
      const frames = Math.min(block, length - at);
      const data = new Float32Array(frames * channels.length);
      channels.forEach((channel, c) => data.set(channel.subarray(at, at + frames), c * frames));
      const sample = new AudioSample({ data, format: "f32-planar", numberOfChannels: channels.length, sampleRate, timestamp: at / sampleRate });
      await audio.add(sample);
      sample.close();
    }
    audio.close();
  }

  const step = Math.max(1, Math.round(fps / 2));
  for (let frame = 0; frame < painter.frames; frame++) {
    painter.paint(frame);
    await video.add(frame / fps, 1 / fps);
    if (frame % step === step - 1) onProgress(frame + 1, painter.frames);
  }
  video.close();
  await output.finalize();
  onProgress(painter.frames, painter.frames);
}
