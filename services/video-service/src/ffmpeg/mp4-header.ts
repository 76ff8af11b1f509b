/**
 * What an MP4/M4A file's header (its `moov` box) says about it: duration, tracks, picture size and rotation. Read
 * in this process so that checking a job's output does not start ffprobe, which on Debian spends 100–150 ms loading
 * codec libraries before it reads a byte (docs/performance.md, "Video job fixed cost").
 *
 * Written by hand rather than with mp4box: these are five fields of four well-specified boxes (ISO/IEC 14496-12),
 * while mp4box parses every sample table and prints to the console, which it cannot be told not to, on bad input.
 * Every size is checked against its parent and the file, so a hostile or truncated file gives Mp4HeaderError,
 * never a read past the end or an endless walk.
 */
import { open } from 'node:fs/promises';
import { quarterTurn } from './probe.js';

export class Mp4HeaderError extends Error {
  override name = 'Mp4HeaderError';
}

export interface Mp4VideoTrack {
  /** Coded size, as the sample description gives it (what ffprobe calls width/height). */
  width: number;
  height: number;
  /** Clockwise rotation for display, from the track's matrix. */
  rotation: 0 | 90 | 180 | 270;
  displayWidth: number;
  displayHeight: number;
  /** The sample entry's four-character code, e.g. "avc1". */
  sampleEntry: string;
}

export interface Mp4Header {
  /** The movie header's duration; the longest track's when the movie header has none (fragmented files). */
  durationSec: number;
  /** The first video track. */
  video?: Mp4VideoTrack;
  hasAudio: boolean;
  trackCount: number;
}

/** A moov larger than this is refused rather than read into memory (a 10-hour video's is a few tens of MB). */
export const MAX_MOOV_BYTES = 256 * 1024 * 1024;
const MAX_TOP_LEVEL_BOXES = 100_000;

interface BoxSpan {
  type: string;
  /** Where its content starts and ends (after the header). */
  start: number;
  end: number;
}

function fourcc(view: DataView, at: number): string {
  return String.fromCharCode(view.getUint8(at), view.getUint8(at + 1), view.getUint8(at + 2), view.getUint8(at + 3));
}

/** The boxes directly inside [start, end) of `view`. */
function childBoxes(view: DataView, start: number, end: number): BoxSpan[] {
  const boxes: BoxSpan[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    const type = fourcc(view, at + 4);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) throw new Mp4HeaderError(`box "${type}" at ${at} is cut off`);
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at; // extends to the end of its parent
    }
    if (size < header || at + size > end) throw new Mp4HeaderError(`box "${type}" at ${at} has an impossible size`);
    boxes.push({ type, start: at + header, end: at + size });
    at += size;
  }
  return boxes;
}

function only(boxes: BoxSpan[], type: string): BoxSpan | undefined {
  return boxes.find((box) => box.type === type);
}

function need(box: BoxSpan, bytes: number): void {
  if (box.end - box.start < bytes) throw new Mp4HeaderError(`box "${box.type}" is too short`);
}

/** Timescale and duration of an mvhd or mdhd box (version 0: 32-bit times, version 1: 64-bit). */
function timing(view: DataView, box: BoxSpan): { timescale: number; duration: number } {
  need(box, 4);
  const version = view.getUint8(box.start);
  if (version === 1) {
    need(box, 32);
    return { timescale: view.getUint32(box.start + 20), duration: Number(view.getBigUint64(box.start + 24)) };
  }
  need(box, 20);
  return { timescale: view.getUint32(box.start + 12), duration: view.getUint32(box.start + 16) };
}

/** The clockwise quarter turn of a display matrix {a b u; c d v; x y w}, as ffmpeg reads it. */
function rotationOfMatrix(a: number, b: number): 0 | 90 | 180 | 270 {
  return quarterTurn((Math.atan2(b, a) * 180) / Math.PI);
}

interface TrackFacts {
  handler: string;
  durationSec: number;
  video?: Mp4VideoTrack;
}

function readTrack(view: DataView, trak: BoxSpan): TrackFacts {
  const parts = childBoxes(view, trak.start, trak.end);
  const tkhd = only(parts, 'tkhd');
  const mdia = only(parts, 'mdia');
  if (tkhd === undefined || mdia === undefined) throw new Mp4HeaderError('a track has no tkhd or mdia box');
  const media = childBoxes(view, mdia.start, mdia.end);
  const hdlr = only(media, 'hdlr');
  const mdhd = only(media, 'mdhd');
  if (hdlr === undefined || mdhd === undefined) throw new Mp4HeaderError('a track has no hdlr or mdhd box');
  need(hdlr, 12);
  const handler = fourcc(view, hdlr.start + 8);
  const { timescale, duration } = timing(view, mdhd);
  const facts: TrackFacts = { handler, durationSec: timescale > 0 ? duration / timescale : 0 };
  if (handler !== 'vide') return facts;

  need(tkhd, 4);
  // The matrix follows the times (version 0: 4-byte, version 1: 8-byte) and 16 bytes of layer/volume fields.
  const matrixAt = tkhd.start + (view.getUint8(tkhd.start) === 1 ? 52 : 40);
  need(tkhd, matrixAt - tkhd.start + 36);
  const rotation = rotationOfMatrix(view.getInt32(matrixAt), view.getInt32(matrixAt + 4));

  const minf = only(media, 'minf');
  const stbl = minf && only(childBoxes(view, minf.start, minf.end), 'stbl');
  const stsd = stbl && only(childBoxes(view, stbl.start, stbl.end), 'stsd');
  if (stsd === undefined) throw new Mp4HeaderError('a video track has no sample description');
  need(stsd, 8); // version, flags, entry count
  const [entry] = childBoxes(view, stsd.start + 8, stsd.end);
  if (entry === undefined) throw new Mp4HeaderError('a video track has no sample entry');
  // A visual sample entry: 6 reserved bytes, data reference index, 16 bytes pre-defined/reserved, width, height.
  need(entry, 28);
  const width = view.getUint16(entry.start + 24);
  const height = view.getUint16(entry.start + 26);
  if (width === 0 || height === 0) return facts;
  const sideways = rotation === 90 || rotation === 270;
  facts.video = {
    width,
    height,
    rotation,
    displayWidth: sideways ? height : width,
    displayHeight: sideways ? width : height,
    sampleEntry: entry.type,
  };
  return facts;
}

/** Reads the facts from a moov box's content (`moov` itself excluded). Pure: the bytes in, the header out. */
export function parseMoov(moov: Uint8Array): Mp4Header {
  const view = new DataView(moov.buffer, moov.byteOffset, moov.byteLength);
  const children = childBoxes(view, 0, moov.byteLength);
  const mvhd = only(children, 'mvhd');
  if (mvhd === undefined) throw new Mp4HeaderError('the movie box has no mvhd');
  const movie = timing(view, mvhd);
  const tracks = children.filter((box) => box.type === 'trak').map((trak) => readTrack(view, trak));
  const longestTrack = Math.max(0, ...tracks.map((track) => track.durationSec));
  const durationSec = movie.timescale > 0 && movie.duration > 0 ? movie.duration / movie.timescale : longestTrack;
  const header: Mp4Header = {
    durationSec,
    hasAudio: tracks.some((track) => track.handler === 'soun'),
    trackCount: tracks.length,
  };
  const video = tracks.find((track) => track.video !== undefined)?.video;
  if (video !== undefined) header.video = video;
  return header;
}

/**
 * The header of the MP4/M4A file at `path`, or null when the file is not an ISO base media file (its first box is
 * not `ftyp`). Reads only box headers and the moov box; never the media data.
 */
export async function readMp4Header(path: string): Promise<Mp4Header | null> {
  const file = await open(path, 'r');
  try {
    const { size: fileSize } = await file.stat();
    const head = Buffer.alloc(16);
    const readHead = async (at: number) => (await file.read(head, 0, 16, at)).bytesRead;
    if ((await readHead(0)) < 8 || head.toString('latin1', 4, 8) !== 'ftyp') return null;
    let at = 0;
    for (let boxes = 0; at < fileSize && boxes < MAX_TOP_LEVEL_BOXES; boxes++) {
      const got = await readHead(at);
      if (got < 8) throw new Mp4HeaderError(`the box header at ${at} is cut off`);
      const type = head.toString('latin1', 4, 8);
      let size = head.readUInt32BE(0);
      let headerSize = 8;
      if (size === 1) {
        if (got < 16) throw new Mp4HeaderError(`the box header at ${at} is cut off`);
        size = Number(head.readBigUInt64BE(8));
        headerSize = 16;
      } else if (size === 0) {
        size = fileSize - at;
      }
      if (size < headerSize || at + size > fileSize) {
        throw new Mp4HeaderError(`box "${type}" at ${at} runs past the end of the file (is it complete?)`);
      }
      if (type === 'moov') {
        const length = size - headerSize;
        if (length > MAX_MOOV_BYTES) throw new Mp4HeaderError(`its moov box is ${length} bytes, over the limit`);
        const moov = Buffer.alloc(length);
        const { bytesRead } = await file.read(moov, 0, length, at + headerSize);
        if (bytesRead !== length) throw new Mp4HeaderError('the moov box is cut off');
        return parseMoov(moov);
      }
      at += size;
    }
    throw new Mp4HeaderError('it has no moov box (an unfinished recording?)');
  } finally {
    await file.close();
  }
}
