import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaTool, npmPackagedBinary } from './media-binaries.js';

let dir: string;
let onPath: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'smh-media-binaries-'));
  onPath = path.join(dir, 'ffmpeg');
  await writeFile(onPath, '#!/bin/sh\n');
  await chmod(onPath, 0o755);
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('locateMediaTool', () => {
  const packaged = () => '/npm/ffmpeg';
  const noPackage = () => undefined;

  it('takes FFMPEG_PATH first, then the npm package, then PATH', async () => {
    expect(
      await locateMediaTool('ffmpeg', { env: { FFMPEG_PATH: '/env/ffmpeg', PATH: dir }, packagedBinary: packaged }),
    ).toEqual({
      path: '/env/ffmpeg',
      source: 'env',
    });
    expect(await locateMediaTool('ffmpeg', { env: { FFMPEG_PATH: '', PATH: dir }, packagedBinary: packaged })).toEqual({
      path: '/npm/ffmpeg',
      source: 'npm',
    });
    expect(
      await locateMediaTool('ffmpeg', { env: { PATH: `/nonexistent:${dir}` }, packagedBinary: noPackage }),
    ).toEqual({
      path: onPath,
      source: 'path',
    });
    expect(
      await locateMediaTool('ffmpeg', { env: { PATH: '/nonexistent' }, packagedBinary: noPackage }),
    ).toBeUndefined();
  });

  it('reads FFPROBE_PATH for ffprobe', async () => {
    expect(
      await locateMediaTool('ffprobe', { env: { FFPROBE_PATH: '/env/ffprobe', FFMPEG_PATH: '/env/ffmpeg' } }),
    ).toEqual({
      path: '/env/ffprobe',
      source: 'env',
    });
  });

  it("finds the npm package's static ffmpeg (installed for this platform by the workspace)", () => {
    expect(npmPackagedBinary('ffmpeg')).toMatch(/@ffmpeg-installer\/[^/]+\/ffmpeg$/);
  });
});
