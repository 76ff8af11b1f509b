/**
 * The MP4 header reader against ffprobe, the referee, on files real ffmpeg wrote (moov at the end and at the front,
 * rotated, audio only, 64-bit box sizes), and against hostile bytes: cut, lying sizes, random damage.
 */
import { execFile } from 'node:child_process';
import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFfmpeg, type Ffmpeg } from '../../src/ffmpeg/ffmpeg.js';
import { MAX_MOOV_BYTES, Mp4HeaderError, parseMoov, readMp4Header } from '../../src/ffmpeg/mp4-header.js';
import { resolveFfmpeg } from '../../src/ffmpeg/resolve.js';
import { checkProbe, mp4HeaderFacts, verifyMp4Output } from '../../src/ffmpeg/verify.js';
import { makeClip, makePhoto, makeTempDir } from './fixtures.js';

const run = promisify(execFile);
let ff: Ffmpeg;
let ffmpegBin: string;
let dir: string;
let cleanup: () => Promise<void>;
const out = (name: string) => join(dir, name);
const files = { plain: '', faststart: '', rotated90: '', rotated270: '', audioOnly: '', videoOnly: '', photo: '' };

async function remux(input: string, output: string, extra: string[]): Promise<string> {
  await run(ffmpegBin, ['-hide_banner', '-loglevel', 'error', '-y', '-i', input, '-c', 'copy', ...extra, output]);
  return output;
}

beforeAll(async () => {
  const resolved = await resolveFfmpeg();
  ff = createFfmpeg({ paths: resolved.paths });
  ffmpegBin = resolved.paths.ffmpeg;
  ({ dir, cleanup } = await makeTempDir('smh-mp4-header-'));
  files.plain = await makeClip(ffmpegBin, out('plain.mp4'), {
    width: 320,
    height: 240,
    fps: 30,
    durationSec: 2,
    audio: { sampleRate: 48_000, channels: 2 },
  });
  [files.faststart, files.rotated90, files.rotated270, files.audioOnly, files.videoOnly, files.photo] =
    await Promise.all([
      remux(files.plain, out('faststart.mp4'), ['-movflags', '+faststart']),
      remux(files.plain, out('rotated90.mp4'), ['-metadata:s:v:0', 'rotate=90']),
      remux(files.plain, out('rotated270.mp4'), ['-metadata:s:v:0', 'rotate=270']),
      remux(files.plain, out('audio.m4a'), ['-vn']),
      remux(files.plain, out('video-only.mp4'), ['-an']),
      makePhoto(ffmpegBin, out('photo.jpg'), 64, 48),
    ]);
}, 60_000);

afterAll(async () => cleanup());

describe('readMp4Header agrees with ffprobe', () => {
  it.each(['plain', 'faststart', 'rotated90', 'rotated270', 'audioOnly', 'videoOnly'] as const)(
    '%s: duration, tracks, size and rotation',
    async (name) => {
      const path = files[name];
      const [header, probe] = await Promise.all([readMp4Header(path), ff.probe(path)]);
      expect(header).not.toBeNull();
      if (header === null) return;
      expect(header.durationSec).toBeCloseTo(probe.durationSec, 2);
      expect(header.hasAudio).toBe(probe.hasAudio);
      expect(header.trackCount).toBe(probe.streams.length);
      expect(header.video === undefined).toBe(probe.video === undefined);
      if (probe.video !== undefined) {
        expect(header.video).toMatchObject({
          width: probe.video.width,
          height: probe.video.height,
          rotation: probe.video.rotation,
          displayWidth: probe.video.displayWidth,
          displayHeight: probe.video.displayHeight,
          sampleEntry: 'avc1',
        });
      }
    },
  );

  it('reads a rotated video as ffprobe shows it: sideways, so display width and height swap', async () => {
    const header = await readMp4Header(files.rotated90);
    expect(header?.video).toMatchObject({ width: 320, height: 240, displayWidth: 240, displayHeight: 320 });
    expect([90, 270]).toContain(header?.video?.rotation);
  });

  it('reads a 64-bit box size (size field 1) like a 32-bit one', async () => {
    const bytes = await readFile(files.faststart);
    // Rewrite the ftyp box (first) with a 16-byte header: size 1, then the 64-bit size.
    const ftypSize = bytes.readUInt32BE(0);
    const large = Buffer.alloc(16);
    large.writeUInt32BE(1, 0);
    large.write('ftyp', 4, 'latin1');
    large.writeBigUInt64BE(BigInt(ftypSize + 8), 8);
    const rewritten = Buffer.concat([large, bytes.subarray(8)]);
    const path = out('large-ftyp.mp4');
    await writeFile(path, rewritten);
    // The boxes after it are 8 bytes further on; what they say is the same.
    expect(await readMp4Header(path)).toEqual(await readMp4Header(files.faststart));
    expect((await readMp4Header(path))?.video?.width).toBe(320);
  });
});

describe('readMp4Header on files that are not MP4s or not whole', () => {
  it('answers null for a file that is not an ISO base media file (a JPEG, text, an empty file)', async () => {
    const text = out('text.txt');
    const empty = out('empty.mp4');
    await writeFile(text, 'hello, this is not a video at all');
    await writeFile(empty, '');
    expect(await readMp4Header(files.photo)).toBeNull();
    expect(await readMp4Header(text)).toBeNull();
    expect(await readMp4Header(empty)).toBeNull();
  });

  it('refuses a cut file (the moov at the end is missing) instead of passing it off as complete', async () => {
    const cut = out('cut.mp4');
    await writeFile(cut, await readFile(files.plain));
    const { size } = await stat(cut);
    await truncate(cut, Math.floor(size / 2));
    await expect(readMp4Header(cut)).rejects.toThrow(Mp4HeaderError);
    await expect(readMp4Header(cut)).rejects.toThrow(/past the end of the file/);
  });

  it('refuses an ftyp with no moov after it', async () => {
    const path = out('ftyp-only.mp4');
    await writeFile(path, Buffer.from('000000186674797069736f6d0000020069736f6d61766331', 'hex'));
    await expect(readMp4Header(path)).rejects.toThrow(/no moov box/);
  });

  it('refuses a moov box that claims more than the limit, without reading it', async () => {
    const path = out('huge-moov.mp4');
    const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d61766331', 'hex');
    const moovHeader = Buffer.alloc(16);
    moovHeader.writeUInt32BE(1, 0);
    moovHeader.write('moov', 4, 'latin1');
    moovHeader.writeBigUInt64BE(BigInt(MAX_MOOV_BYTES + 1024), 8);
    await writeFile(path, Buffer.concat([ftyp, moovHeader]));
    await truncate(path, ftyp.length + MAX_MOOV_BYTES + 1024); // a sparse file: the size is real, no bytes written
    await expect(readMp4Header(path)).rejects.toThrow(/over the limit/);
  });

  it('refuses boxes whose sizes lie: smaller than their header, larger than their parent', () => {
    const box = (type: string, content: Buffer, size?: number) => {
      const header = Buffer.alloc(8);
      header.writeUInt32BE(size ?? content.length + 8, 0);
      header.write(type, 4, 'latin1');
      return Buffer.concat([header, content]);
    };
    const mvhd = box('mvhd', Buffer.alloc(100));
    expect(() => parseMoov(Buffer.concat([mvhd, box('trak', Buffer.alloc(4), 4)]))).toThrow(/impossible size/);
    expect(() => parseMoov(Buffer.concat([mvhd, box('trak', Buffer.alloc(4), 4000)]))).toThrow(/impossible size/);
    expect(() => parseMoov(box('trak', Buffer.alloc(0)))).toThrow(/no mvhd/);
    expect(() => parseMoov(Buffer.concat([mvhd, box('trak', box('tkhd', Buffer.alloc(2)))]))).toThrow(Mp4HeaderError);
    expect(() => parseMoov(box('mvhd', Buffer.alloc(3)))).toThrow(/too short/);
  });

  it('never throws anything but Mp4HeaderError, nor hangs, on a moov with random bytes changed', async () => {
    const bytes = await readFile(files.faststart);
    const moovAt = bytes.indexOf('moov', 0, 'latin1') - 4;
    const moov = bytes.subarray(moovAt + 8, moovAt + bytes.readUInt32BE(moovAt));
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let refused = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const damaged = Buffer.from(moov);
      for (let change = 0; change < 4; change++) damaged[Math.floor(random() * damaged.length)] = random() * 256;
      try {
        parseMoov(damaged);
      } catch (error) {
        expect(error).toBeInstanceOf(Mp4HeaderError);
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(0); // the damage does reach the parser's checks
  });
});

describe('verifyMp4Output', () => {
  it('checks an MP4 from its header: the facts ffprobe would give, and no ffprobe report', async () => {
    const check = await verifyMp4Output(files.plain, {
      video: true,
      audio: true,
      durationSec: 2,
      width: 320,
      height: 240,
    });
    expect(check).toMatchObject({ ok: true, problems: [] });
    expect(check?.probe).toBeUndefined();
    const probe = await ff.probe(files.plain);
    expect(check?.facts).toMatchObject({
      formatName: probe.formatName,
      isImage: false,
      hasAudio: true,
      video: { displayWidth: 320, displayHeight: 240 },
    });
  });

  it('names what an output lacks, in the same words as the ffprobe check', async () => {
    const expectations = { video: true, audio: true, durationSec: 5, width: 640, height: 240 };
    const fromHeader = await verifyMp4Output(files.videoOnly, expectations);
    const fromProbe = await ff.verifyOutput(files.videoOnly, expectations);
    expect(fromHeader?.ok).toBe(false);
    expect(fromHeader?.problems).toEqual(fromProbe.problems);
    expect(fromHeader?.problems).toContain('it has no audio stream');
  });

  it('leaves files that are not MP4s to ffprobe (null) and rejects cut or missing ones', async () => {
    expect(await verifyMp4Output(files.photo, { image: true })).toBeNull();
    const cut = out('cut-for-verify.mp4');
    await writeFile(cut, (await readFile(files.plain)).subarray(0, 2000));
    const check = await verifyMp4Output(cut, { video: true });
    expect(check?.ok).toBe(false);
    expect(check?.problems[0]).toMatch(/^it cannot be read: /);
    expect(await verifyMp4Output(out('missing.mp4'), { video: true })).toMatchObject({ ok: false });
  });

  it('checks facts the same way whichever reader produced them', async () => {
    const header = await readMp4Header(files.rotated90);
    const probe = await ff.probe(files.rotated90);
    const expectations = { video: true, audio: true, durationSec: 2, width: 240, height: 320 };
    expect(header).not.toBeNull();
    if (header === null) return;
    expect(checkProbe(mp4HeaderFacts(header), expectations)).toEqual(checkProbe(probe, expectations));
    expect(checkProbe(mp4HeaderFacts(header), expectations)).toEqual([]);
  });
});
