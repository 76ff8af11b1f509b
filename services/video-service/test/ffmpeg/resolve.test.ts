import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmPackagedBinary, parseVersionLine, resolveFfmpeg } from '../../src/ffmpeg/resolve.js';
import { makeTempDir } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let brokenBinary: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('smh-resolve-test-'));
  brokenBinary = join(dir, 'fake-ffmpeg');
  await writeFile(brokenBinary, '#!/bin/sh\necho "not really ffmpeg"\n');
  await chmod(brokenBinary, 0o755);
});
afterAll(async () => {
  await cleanup?.();
});

describe('parseVersionLine', () => {
  it('reads Debian and static-build banners', () => {
    expect(parseVersionLine('ffmpeg', 'ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toBe(
      '5.1.9-0+deb12u1',
    );
    expect(parseVersionLine('ffprobe', 'ffprobe version N-66595-gc2b3861-static https://…\nbuilt with gcc')).toBe(
      'N-66595-gc2b3861-static',
    );
    expect(parseVersionLine('ffmpeg', 'ffprobe version 5.1')).toBeNull();
  });
});

describe('resolveFfmpeg', () => {
  it('finds ffmpeg and ffprobe on PATH and reports their versions', async () => {
    const resolved = await resolveFfmpeg({ env: { PATH: '/usr/local/bin:/usr/bin:/bin' } });
    expect(resolved.ffmpeg).toMatchObject({
      path: '/usr/bin/ffmpeg',
      source: 'path',
      version: expect.stringMatching(/^\d+\.\d+/),
    });
    expect(resolved.ffprobe).toMatchObject({ path: '/usr/bin/ffprobe', source: 'path' });
    expect(resolved.paths).toEqual({ ffmpeg: '/usr/bin/ffmpeg', ffprobe: '/usr/bin/ffprobe' });
  });

  it('prefers FFMPEG_PATH/FFPROBE_PATH, and explicit options over them', async () => {
    const env = { PATH: '', FFMPEG_PATH: '/usr/bin/ffmpeg', FFPROBE_PATH: '/usr/bin/ffprobe' };
    expect((await resolveFfmpeg({ env })).ffmpeg.source).toBe('env');
    expect((await resolveFfmpeg({ env, ffprobePath: '/usr/bin/ffprobe' })).ffprobe.source).toBe('option');
  });

  it('fails naming a configured path that does not work instead of silently falling back', async () => {
    await expect(resolveFfmpeg({ env: { PATH: '/usr/bin', FFMPEG_PATH: brokenBinary } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `FFMPEG_PATH=${brokenBinary} does not work: ${brokenBinary} -version did not print "ffmpeg version …"`,
    });
    await expect(resolveFfmpeg({ env: { PATH: '/usr/bin' }, ffprobePath: join(dir, 'missing') })).rejects.toMatchObject(
      {
        code: 'NOT_FOUND',
        message: expect.stringContaining(`the configured ffprobe path ${join(dir, 'missing')} does not work`),
      },
    );
  });

  it('falls back to the binaries shipped by the npm packages when PATH has none', async () => {
    const packaged = { ffmpeg: npmPackagedBinary('ffmpeg'), ffprobe: npmPackagedBinary('ffprobe') };
    expect(packaged.ffmpeg).toMatch(/@ffmpeg-installer/);
    const resolved = await resolveFfmpeg({ env: { PATH: dir } });
    expect(resolved.ffmpeg).toMatchObject({ path: packaged.ffmpeg, source: 'npm', version: expect.any(String) });
    expect(resolved.ffprobe).toMatchObject({ path: packaged.ffprobe, source: 'npm' });
  });

  it('says what it tried when nothing works', async () => {
    await expect(resolveFfmpeg({ env: { PATH: dir }, packagedBinary: () => undefined })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(
        /^No working (ffmpeg|ffprobe) found \(no \w+ on PATH; @\w+-installer\/\w+ is not installed\)\. Install ffmpeg/,
      ),
    });
  });
});
