/**
 * Where the worker's chunks go: straight into a file the user picked (File System Access API),
 * or into memory as the file's own bytes for a download. Either way memory holds the output at
 * most, never the frames. Aborting leaves nothing behind: the picked file is removed.
 */
export interface FileSink {
  write(position: number, data: Uint8Array): Promise<void>;
  /** The finished file: a Blob to download, or null when it is already on disk. */
  close(): Promise<Blob | null>;
  abort(): Promise<void>;
}

interface Segment {
  position: number;
  data: Uint8Array;
}

/**
 * The file's bytes as the segments they arrived in. Writes are almost all appends; the few that go
 * back (a container header patched at the end) are copied into the segments they cover.
 */
export function memorySink(type: string): FileSink {
  let segments: Segment[] = [];
  let end = 0;
  return {
    async write(position, data) {
      let from = 0;
      for (const segment of segments) {
        if (from >= data.length) break;
        const segmentEnd = segment.position + segment.data.length;
        const at = position + from;
        if (at >= segmentEnd || at < segment.position) continue;
        const count = Math.min(data.length - from, segmentEnd - at);
        segment.data.set(data.subarray(from, from + count), at - segment.position);
        from += count;
      }
      if (from < data.length) {
        const at = position + from;
        // A write past the end would leave a hole: zeros stand in until it is filled.
        if (at > end) segments.push({ position: end, data: new Uint8Array(at - end) });
        segments.push({ position: at, data: data.subarray(from) });
        end = at + data.length - from;
      }
    },
    async close() {
      // A piece at a time, yielding between: one Blob of the whole video at once is a copy of
      // tens of MB in a single task, which would freeze the page for a moment.
      let blob = new Blob([], { type });
      for (const segment of segments) {
        blob = new Blob([blob, segment.data as BlobPart], { type });
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      segments = [];
      return blob;
    },
    async abort() {
      segments = [];
    },
  };
}

/** Chromium's FileSystemFileHandle has remove(); the File System Access types here do not list it. */
type RemovableHandle = FileSystemFileHandle & { remove?: () => Promise<void> };

/** Writes into a file handle (from showSaveFilePicker, or the origin's private file system in tests). */
export async function fileHandleSink(handle: FileSystemFileHandle): Promise<FileSink> {
  const writable = await handle.createWritable();
  return {
    write: (position, data) => writable.write({ type: "write", position, data: data as BufferSource }),
    async close() {
      await writable.close();
      return null;
    },
    async abort() {
      // The browser writes to a swap file and only replaces the picked file on close: aborting
      // drops the swap file; the empty file the picker made goes too.
      await writable.abort().catch(() => undefined);
      await (handle as RemovableHandle).remove?.().catch(() => undefined);
    },
  };
}
