import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InstagramClient } from '../../src/instagram/client.js';
import type { InstagramMedia } from '../../src/instagram/media.js';
import { latencyFor, startFakeInstagram, type FakeInstagram } from '../../../../tests/fakes/instagram/server.js';
import { clientFor } from './helpers.js';

const run = promisify(execFile);
let fake: FakeInstagram;
let client: InstagramClient;
let photo: InstagramMedia;
let video: InstagramMedia;

async function probe(
  bytes: ArrayBuffer,
  name: string,
): Promise<Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>> {
  const path = join(tmpdir(), `smh-probe-${process.pid}-${name}`);
  await writeFile(path, Buffer.from(bytes));
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type,codec_name,width,height',
    '-of',
    'json',
    path,
  ]);
  return (
    JSON.parse(stdout) as {
      streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>;
    }
  ).streams;
}

beforeAll(async () => {
  fake = await startFakeInstagram();
  fake.addProfile({
    username: 'cdn_user',
    posts: [
      { kind: 'photo', width: 640, height: 800 },
      { kind: 'video', width: 320, height: 568, durationSec: 1 },
    ],
  });
  client = clientFor(fake).client;
  const [first, second] = fake.store.profilesByName.get('cdn_user')!.posts;
  photo = await client.getMediaById(first!.pk);
  video = await client.getMediaById(second!.pk);
});
afterEach(() => fake.faults.clear());
afterAll(async () => fake.close());

describe('fake Instagram CDN', () => {
  it('serves a real JPEG and a real H.264/AAC MP4 at the advertised sizes', async () => {
    const jpeg = await fetch(photo.resources[0]!.url);
    expect(jpeg.headers.get('content-type')).toBe('image/jpeg');
    expect(await probe(await jpeg.arrayBuffer(), 'p.jpg')).toEqual([
      expect.objectContaining({ codec_name: 'mjpeg', width: 640, height: 800 }),
    ]);
    const mp4 = await fetch(video.resources[0]!.url);
    const streams = await probe(await mp4.arrayBuffer(), 'v.mp4');
    expect(streams).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ codec_type: 'video', codec_name: 'h264', width: 320, height: 568 }),
        expect.objectContaining({ codec_type: 'audio', codec_name: 'aac' }),
      ]),
    );
  }, 60_000);

  it('is deterministic per media id and differs between media', async () => {
    const again = Buffer.from(await (await fetch(photo.resources[0]!.url)).arrayBuffer());
    const once = Buffer.from(await (await fetch(photo.resources[0]!.url)).arrayBuffer());
    expect(again.equals(once)).toBe(true);
    const thumb = Buffer.from(await (await fetch(video.resources[0]!.thumbnailUrl!)).arrayBuffer());
    expect(thumb.equals(once)).toBe(false);
  });

  it('honours HTTP Range (start-end, open end, suffix) and answers 416 outside the file', async () => {
    const url = photo.resources[0]!.url;
    const full = Buffer.from(await (await fetch(url)).arrayBuffer());
    const part = await fetch(url, { headers: { Range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${full.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(full.subarray(10, 20))).toBe(true);
    const tail = await fetch(url, { headers: { Range: `bytes=${full.length - 5}-` } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(full.subarray(-5))).toBe(true);
    const suffix = await fetch(url, { headers: { Range: 'bytes=-7' } });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(full.subarray(-7))).toBe(true);
    const outside = await fetch(url, { headers: { Range: `bytes=${full.length}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${full.length}`);
  });

  it('resets the connection mid-body, and a Range request resumes where it broke', async () => {
    const url = video.resources[0]!.url;
    const full = Buffer.from(await (await fetch(url)).arrayBuffer());
    fake.faults.next('.mp4', { type: 'reset_mid_body', afterBytes: 1000 });
    const broken = await fetch(url);
    expect(broken.headers.get('content-length')).toBe(String(full.length));
    const received: Buffer[] = [];
    const reader = broken.body!.getReader();
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          received.push(Buffer.from(value));
        }
      })(),
    ).rejects.toThrow();
    const head = Buffer.concat(received);
    expect(head.length).toBe(1000);
    const rest = await fetch(url, { headers: { Range: `bytes=${head.length}-` } });
    expect(Buffer.concat([head, Buffer.from(await rest.arrayBuffer())]).equals(full)).toBe(true);
  });

  it('can truncate a body cleanly or lie in Content-Length', async () => {
    const url = photo.resources[0]!.url;
    const size = (await (await fetch(url)).arrayBuffer()).byteLength;
    fake.faults.next('.jpg', { type: 'truncated_body', bytes: 100 });
    const truncated = await fetch(url);
    expect(truncated.headers.get('content-length')).toBeNull();
    expect((await truncated.arrayBuffer()).byteLength).toBe(100);
    fake.faults.next('.jpg', { type: 'wrong_content_length', delta: 50 });
    const lying = await fetch(url);
    expect(lying.headers.get('content-length')).toBe(String(size + 50));
    await expect(lying.arrayBuffer()).rejects.toThrow();
  });

  it('refuses tampered and expired signed URLs with 403', async () => {
    const url = new URL(photo.resources[0]!.url);
    url.searchParams.set('oe', 'FFFFFFFF');
    const tampered = await fetch(url);
    expect([tampered.status, await tampered.text()]).toEqual([403, 'Bad URL hash']);
    const shortLived = await startFakeInstagram({ urlTtlSec: 0 });
    try {
      shortLived.addProfile({ username: 'expiring', posts: 1 });
      const media = await clientFor(shortLived).client.getMediaById(
        shortLived.store.profilesByName.get('expiring')!.posts[0]!.pk,
      );
      const expired = await fetch(media.resources[0]!.url);
      expect([expired.status, await expired.text()]).toEqual([403, 'URL signature expired']);
    } finally {
      await shortLived.close();
    }
  });

  it('streams a large synthetic file deterministically, with Range, without storing it', async () => {
    const big = fake.addPost('cdn_user', { kind: 'video', syntheticBytes: 1_000_000_000 });
    const media = await client.getMediaById(big.pk);
    const head = await fetch(media.resources[0]!.url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('1000000000');
    const range = { headers: { Range: 'bytes=999999000-999999999' } };
    const a = Buffer.from(await (await fetch(media.resources[0]!.url, range)).arrayBuffer());
    const b = Buffer.from(await (await fetch(media.resources[0]!.url, range)).arrayBuffer());
    expect(a.length).toBe(1000);
    expect(a.equals(b)).toBe(true);
    expect(new Set(a).size).toBeGreaterThan(200);
  });
});

describe('fake Instagram API checks', () => {
  it('requires X-IG-App-ID on API calls and a matching CSRF token on POST', async () => {
    const noAppId = await fetch(`${fake.webUrl}/api/v1/users/web_profile_info/?username=cdn_user`);
    expect(noAppId.status).toBe(400);
    expect(await noAppId.json()).toMatchObject({ message: 'useragent mismatch', status: 'fail' });
    const id = fake.store.profilesByName.get('cdn_user')!.id;
    const noCsrf = await fetch(`${fake.webUrl}/api/v1/clips/user/`, {
      method: 'POST',
      body: `target_user_id=${id}`,
      headers: {
        'X-IG-App-ID': '936619743392459',
        Cookie: 'csrftoken=abc',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
    });
    expect(noCsrf.status).toBe(403);
  });

  it('logs every request with its endpoint family, and applies latency', async () => {
    fake.resetLog();
    // Held for a latency, the first request answers after a second one sent later without: order, not a clock.
    fake.setLatency(3_000);
    const answered: string[] = [];
    const held = client.getProfile('cdn_user').then(() => answered.push('held'));
    await vi.waitFor(() => expect(fake.requestLog).toHaveLength(1), { timeout: 10_000 });
    fake.setLatency(0);
    await client.getMediaById(fake.store.profilesByName.get('cdn_user')!.posts[0]!.pk);
    answered.push('immediate');
    await held;
    expect(answered).toEqual(['immediate', 'held']);
    await fetch(photo.resources[0]!.url, { method: 'HEAD' });
    expect(fake.requestLog.map((e) => [e.method, e.host, e.family, e.status, e.heldMs])).toEqual([
      ['GET', 'web', 'api_v1', 200, 3_000],
      ['GET', 'api', 'iphone', 200, 0],
      ['HEAD', 'cdn', 'cdn', 200, 0],
    ]);
  });

  it('splits latency between API hosts and the CDN when given per host class', async () => {
    const split = { api: 100, media: 20 };
    expect([latencyFor(split, 'web'), latencyFor(split, 'api'), latencyFor(split, 'cdn')]).toEqual([100, 100, 20]);
    expect([latencyFor(7, 'web'), latencyFor(7, 'api'), latencyFor(7, 'cdn')]).toEqual([7, 7, 7]);

    fake.setLatency({ api: 0, media: 150 });
    let started = Date.now();
    await fetch(photo.resources[0]!.url, { method: 'HEAD' });
    const mediaMs = Date.now() - started;
    fake.setLatency({ api: 150, media: 0 });
    started = Date.now();
    await client.getProfile('cdn_user');
    const apiMs = Date.now() - started;
    fake.setLatency(0);
    expect(mediaMs).toBeGreaterThanOrEqual(140);
    expect(apiMs).toBeGreaterThanOrEqual(140);
  });
});
