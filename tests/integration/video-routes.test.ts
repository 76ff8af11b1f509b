/**
 * The video job routes: clear 400s for bad requests (named fields), ownership (others 404, admins see all) over
 * every route, list pagination, /ready with the ffmpeg versions. Jobs are not worked here: only the API is tested.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes, type InternalFile } from '@smh/shared';
import { makeClip, makePhoto } from '../../services/video-service/test/ffmpeg/fixtures.js';
import { ADMIN, ALICE, BOB, startVideoHarness, type VideoHarness } from './video-harness.js';
import { runAuthMatrix } from './support/auth-matrix.js';

let h: VideoHarness;
let clip: InternalFile;
let unanalysed: InternalFile;
let photo: InternalFile;
let bobsClip: InternalFile;
let song: InternalFile;

beforeAll(async () => {
  h = await startVideoHarness({ work: false });
  const at = (name: string) => path.join(h.workDir, name);
  const [clipPath, photoPath] = await Promise.all([
    makeClip('ffmpeg', at('clip.mp4'), {
      width: 320,
      height: 240,
      fps: 25,
      durationSec: 2,
      audio: { sampleRate: 48_000, channels: 2 },
    }),
    makePhoto('ffmpeg', at('photo.jpg'), 320, 240),
  ]);
  clip = await h.register(ALICE, clipPath, { mime: 'video/mp4', duration: 2 });
  unanalysed = await h.register(ALICE, clipPath, { mime: 'video/mp4' }); // no duration in the catalog yet
  photo = await h.register(ALICE, photoPath, { mime: 'image/jpeg', width: 320, height: 240 });
  bobsClip = await h.register(BOB, clipPath, { mime: 'video/mp4', duration: 2 });
  song = await h.register(ALICE, photoPath, { mime: 'audio/mpeg', duration: 100 }); // only its catalog type matters here
}, 120_000);

afterAll(async () => {
  await h?.close();
});

async function post(body: unknown, user = ALICE) {
  const response = await h.video.app.inject({
    method: 'POST',
    url: '/api/videos/jobs',
    headers: await h.as(user),
    payload: body as object,
  });
  return {
    status: response.statusCode,
    body: response.json() as {
      id?: string;
      status?: string;
      error?: { code: string; message: string; details?: unknown };
    },
  };
}

describe('POST /api/videos/jobs validation', () => {
  it.each([
    [
      'no inputs',
      { operation: 'transcode', inputs: [], options: { preset: '720p' } },
      /inputs: transcode needs one input file/,
    ],
    [
      'merge with one input',
      { operation: 'merge', inputs: ['00000000-0000-4000-8000-000000000001'] },
      /merge needs at least two input files/,
    ],
    [
      'too many inputs',
      { operation: 'merge', inputs: Array.from({ length: 51 }, () => '00000000-0000-4000-8000-000000000001') },
      /at most 50 input files/,
    ],
    [
      'two inputs for trim',
      {
        operation: 'trim',
        inputs: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'],
        options: { startSec: 0, endSec: 1 },
      },
      /trim takes exactly one input file/,
    ],
    ['an unknown operation', { operation: 'explode', inputs: [] }, /operation/],
    ['a non-id input', { operation: 'probe', inputs: ['../etc/passwd'] }, /inputs\.0: must be a file id/],
    [
      'endSec <= startSec',
      { operation: 'trim', inputs: ['00000000-0000-4000-8000-000000000001'], options: { startSec: 3, endSec: 2 } },
      /options\.endSec: endSec must be greater than startSec/,
    ],
    [
      'crf out of range',
      {
        operation: 'transcode',
        inputs: ['00000000-0000-4000-8000-000000000001'],
        options: { preset: '720p', crf: 51 },
      },
      /options\.crf/,
    ],
    [
      'an unknown preset',
      { operation: 'transcode', inputs: ['00000000-0000-4000-8000-000000000001'], options: { preset: '4k' } },
      /options\.preset/,
    ],
    [
      'a missing format',
      { operation: 'extract-audio', inputs: ['00000000-0000-4000-8000-000000000001'], options: {} },
      /options\.format/,
    ],
    [
      'an unknown option',
      { operation: 'thumbnail', inputs: ['00000000-0000-4000-8000-000000000001'], options: { count: 3 } },
      /options/,
    ],
    [
      'a sheet too large',
      {
        operation: 'thumbnail',
        inputs: ['00000000-0000-4000-8000-000000000001'],
        options: { sheet: { columns: 40, rows: 2 } },
      },
      /options\.sheet\.columns/,
    ],
  ])('400 VALIDATION_ERROR for %s', async (_what, body, message) => {
    const { status, body: answer } = await post(body);
    expect(status).toBe(400);
    expect(answer.error?.code).toBe('VALIDATION_ERROR');
    expect(answer.error?.message).toMatch(message);
  });

  it("answers an unknown file and another user's file alike, without saying which exists", async () => {
    const unknown = await post({
      operation: 'transcode',
      inputs: ['00000000-0000-4000-8000-0000000000ff'],
      options: { preset: '720p' },
    });
    const foreign = await post({ operation: 'transcode', inputs: [bobsClip.id], options: { preset: '720p' } });
    expect(unknown.status).toBe(400);
    expect(foreign.status).toBe(400);
    expect(unknown.body.error?.code).toBe('UNKNOWN_INPUT');
    expect(foreign.body.error?.code).toBe('UNKNOWN_INPUT');
    expect(foreign.body.error?.message).toBe(
      unknown.body.error?.message.replace('00000000-0000-4000-8000-0000000000ff', bobsClip.id),
    );
  });

  it('refuses inputs of the wrong kind, naming the input', async () => {
    const photoTranscode = await post({ operation: 'transcode', inputs: [photo.id], options: { preset: '720p' } });
    expect(photoTranscode.status).toBe(400);
    expect(photoTranscode.body.error).toMatchObject({ code: 'UNSUPPORTED_INPUT' });
    expect(photoTranscode.body.error?.message).toMatch(/body\.inputs\.0: file .* is a image; transcode needs a video/);
    const songThumbnail = await post({ operation: 'thumbnail', inputs: [song.id] });
    expect(songThumbnail.body.error?.message).toMatch(/is a audio; thumbnail needs a video/);
    const mergeWithSong = await post({ operation: 'merge', inputs: [clip.id, song.id] });
    expect(mergeWithSong.body.error?.message).toMatch(/body\.inputs\.1: .*merge needs a video or image/);
  });

  it('refuses a trim that starts at or past the end (catalog duration, or a probe when the catalog has none)', async () => {
    const known = await post({ operation: 'trim', inputs: [clip.id], options: { startSec: 2, endSec: 5 } });
    expect(known.status).toBe(400);
    expect(known.body.error).toMatchObject({ code: 'OPTION_OUT_OF_RANGE' });
    expect(known.body.error?.message).toMatch(/startSec 2 s is at or past the end of the input \(2\.000 s\)/);
    const probed = await post({ operation: 'trim', inputs: [unanalysed.id], options: { startSec: 9, endSec: 10 } });
    expect(probed.status).toBe(400);
    expect(probed.body.error?.message).toMatch(/past the end of the input \(2\.\d+ s\)/);
    // An end past the input's end is refused too (issue 15, bug 14); within it the trim is accepted.
    const pastEnd = await post({ operation: 'trim', inputs: [unanalysed.id], options: { startSec: 0.5, endSec: 10 } });
    expect(pastEnd.status).toBe(400);
    const fine = await post({ operation: 'trim', inputs: [unanalysed.id], options: { startSec: 0.5, endSec: 1.5 } });
    expect(fine.status).toBe(202);
  });

  it('accepts a photo in a merge and an audio file for extract-audio', async () => {
    expect(
      (await post({ operation: 'merge', inputs: [clip.id, photo.id, clip.id], options: { photoDurationSec: 2 } }))
        .status,
    ).toBe(202);
    expect((await post({ operation: 'extract-audio', inputs: [song.id], options: { format: 'm4a' } })).status).toBe(
      202,
    );
  });
});

describe('ownership and listing', () => {
  it('every route: anonymous 401, the owner and admins see a job, other users get 404', async () => {
    const aliceJob = async () => (await post({ operation: 'probe', inputs: [clip.id] })).body.id as string;
    const id = await aliceJob();
    const result = await runAuthMatrix({
      app: h.video.app,
      routes: registeredRoutes(h.video.app).filter((route) => route.url.startsWith('/api/')),
      actors: { userA: await h.as(ALICE), userB: await h.as(BOB), admin: await h.as(ADMIN) },
      rules: {
        'POST /api/videos/jobs': {
          access: 'user',
          request: () => ({ url: '/api/videos/jobs', payload: { operation: 'probe', inputs: [clip.id] } }),
          // Only the owner (and admins) may use alice's file; bob is told it does not exist for him.
          expect: { userB: 400 },
        },
        'GET /api/videos/jobs': { access: 'user' },
        'GET /api/videos/jobs/:id': { access: 'owned', request: () => ({ url: `/api/videos/jobs/${id}` }) },
        'POST /api/videos/jobs/:id/cancel': {
          access: 'owned',
          request: async () => ({ url: `/api/videos/jobs/${await aliceJob()}/cancel` }),
        },
      },
    });
    expect(result.uncovered).toEqual([]);
    expect(result.unknown).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.calls).toBe(16);
  });

  it("lists only the caller's jobs (admins: all), newest first, with a working cursor and status filter", async () => {
    await post({ operation: 'probe', inputs: [bobsClip.id] }, BOB);
    const all: { id: string; ownerId: string; status: string }[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${cursor}`;
      const page = (
        await h.video.app.inject({ method: 'GET', url: `/api/videos/jobs${query}`, headers: await h.as(ALICE) })
      ).json() as { items: typeof all; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    const direct = await h.context.db.query<{ id: string }>(
      `SELECT id::text AS id FROM videos.jobs WHERE owner_id = $1 ORDER BY created_at DESC, id DESC`,
      [ALICE.userId],
    );
    expect(all.map((job) => job.id)).toEqual(direct.rows.map((row) => row.id));
    expect(all.every((job) => job.ownerId === ALICE.userId)).toBe(true);

    const admin = (
      await h.video.app.inject({ method: 'GET', url: '/api/videos/jobs?limit=200', headers: await h.as(ADMIN) })
    ).json() as { items: typeof all };
    expect(admin.items.some((job) => job.ownerId === BOB.userId)).toBe(true);
    const canceled = (
      await h.video.app.inject({ method: 'GET', url: '/api/videos/jobs?status=canceled', headers: await h.as(ALICE) })
    ).json() as { items: typeof all };
    expect(canceled.items.length).toBeGreaterThan(0);
    expect(canceled.items.every((job) => job.status === 'canceled')).toBe(true);
    const bad = await h.video.app.inject({
      method: 'GET',
      url: '/api/videos/jobs?cursor=nonsense',
      headers: await h.as(ALICE),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('shows a job with its inputs, options and timestamps', async () => {
    const { body } = await post({ operation: 'trim', inputs: [clip.id], options: { startSec: 0.25, endSec: 1 } });
    const job = (
      await h.video.app.inject({ method: 'GET', url: `/api/videos/jobs/${body.id}`, headers: await h.as(ALICE) })
    ).json();
    expect(job).toMatchObject({
      id: body.id,
      operation: 'trim',
      status: 'queued',
      progress: 0,
      inputs: [clip.id],
      options: { startSec: 0.25, endSec: 1 },
      outputFileIds: [],
      finishedAt: null,
    });
    expect(Date.parse(job.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(job).not.toHaveProperty('error');
  });
});

describe('/ready', () => {
  it('reports the ffmpeg and ffprobe versions', async () => {
    const ready = await h.video.app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ok',
      checks: { ffmpeg: 'ok' },
      ffmpeg: { version: expect.any(String) },
      ffprobe: { version: expect.any(String) },
    });
  });
});
