/** The facade hands its niceness to every process it starts (media.analyze runs its probes and posters niced). */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFfmpeg } from '../../src/ffmpeg/ffmpeg.js';
import type { RunProcessOptions } from '../../src/ffmpeg/runner.js';
import { makeTempDir } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let jpeg: string;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('smh-niceness-test-'));
  jpeg = join(dir, 'x.jpg');
  // Enough of a JPEG for the sniffer; the recording runner never reads it.
  await writeFile(
    jpeg,
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
  );
});
afterAll(async () => cleanup?.());

function recording() {
  const calls: RunProcessOptions[] = [];
  const runner = async (options: RunProcessOptions) => {
    calls.push(options);
    return { exitCode: 0, stdout: '{"streams":[],"format":{}}', stderrTail: [] };
  };
  return { calls, runner };
}

describe('createFfmpeg niceness', () => {
  it('passes the niceness to ffprobe and ffmpeg runs, and none when not asked', async () => {
    const paths = { ffmpeg: '/x/ffmpeg', ffprobe: '/x/ffprobe' };
    const niced = recording();
    const ff = createFfmpeg({ paths, runner: niced.runner, niceness: 15 });
    await ff.probe(jpeg).catch(() => undefined);
    await ff.poster(jpeg, join(dir, 'p.jpg'), { atSec: 0 }).catch(() => undefined);
    expect(niced.calls.length).toBeGreaterThan(0);
    expect(niced.calls.map((call) => call.niceness)).toEqual(niced.calls.map(() => 15));

    const plain = recording();
    await createFfmpeg({ paths, runner: plain.runner })
      .probe(jpeg)
      .catch(() => undefined);
    expect(plain.calls).toHaveLength(1);
    expect(plain.calls[0]!.niceness).toBeUndefined();
  });
});
