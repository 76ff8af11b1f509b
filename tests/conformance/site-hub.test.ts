/**
 * The named site through the whole hub: inside a private network namespace the fake PeerTube answers as
 * framatube.org (HTTPS, throw-away CA, a public-looking address), and an embedded hub with its SSRF guard on archives
 * one video through the API, then the channel through `smh download`, then the channel again after a new upload
 * (only the new upload is fetched), then a subscription to the channel whose next run picks up a fourth upload. Files are compared with what the fake served, by sha256. Needs root.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubResults, HubStep } from './sites/peertube-hub-runner.js';
import { runInSiteNamespace } from './sites/run-in-namespace.js';

describe('a named site (PeerTube, framatube.org) through the hub: API, CLI, a new upload', () => {
  let dir: string;
  let results: HubResults;
  const step = (name: string): HubStep => {
    const found = results.steps.find((s) => s.name === name);
    if (!found) throw new Error(`step "${name}" did not run`);
    return found;
  };

  beforeAll(async () => {
    ({ dir, results } = await runInSiteNamespace<HubResults>('peertube-hub-runner.ts', 540_000));
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('one video through the API: a "site" download, stored byte-exact with its PeerTube facts', () => {
    const one = step('api: one video');
    expect({ status: one.status, kind: one.kind, downloadStatus: one.downloadStatus }, JSON.stringify(one)).toEqual({
      status: 202,
      kind: 'site',
      downloadStatus: 'completed',
    });
    expect(one.files).toHaveLength(1);
    const [file] = one.files;
    expect(file?.sha256).toBe(results.served['First upload']);
    expect(file?.contentSha256).toBe(results.served['First upload']);
    expect(file?.source).toMatchObject({ platform: 'peertube' });
  });

  it('the channel through smh download: exit 0, the other upload stored, the first not stored twice', () => {
    const channel = step('cli: channel');
    expect({ exitCode: channel.exitCode, status: channel.status }, channel.log).toEqual({
      exitCode: 0,
      status: 'completed',
    });
    const hashes = channel.files.map((file) => file.sha256);
    expect(hashes).toContain(results.served['Second upload']);
    expect(new Set(hashes).size).toBe(hashes.length);
    const firstAgain = channel.files.find((file) => file.sha256 === results.served['First upload']);
    if (firstAgain) expect(firstAgain.id).toBe(step('api: one video').files[0]?.id);
  });

  it('after a new upload the channel again fetches and stores only the new upload', () => {
    const again = step('cli: channel after a new upload');
    expect({ exitCode: again.exitCode, status: again.status }, again.log).toEqual({ exitCode: 0, status: 'completed' });
    expect(again.files.map((file) => file.sha256)).toEqual([results.served['Third upload']]);
    expect(results.lastStepFileRequests).toMatchObject({ 'First upload': 0, 'Second upload': 0, 'Third upload': 1 });
  });

  it('a subscription to the channel: nothing new on its first run, exactly the new upload on the next', () => {
    expect(step('subscription: created').status).toBe(201);
    const first = step('subscription: first run');
    expect({ status: first.status, downloadStatus: first.downloadStatus }, JSON.stringify(first)).toEqual({
      status: 202,
      downloadStatus: 'completed',
    });
    expect(first.files).toEqual([]);
    const next = step('subscription: run after a new upload');
    expect({ status: next.status, downloadStatus: next.downloadStatus }, JSON.stringify(next)).toEqual({
      status: 202,
      downloadStatus: 'completed',
    });
    expect(next.files.map((file) => file.sha256)).toEqual([results.served['Fourth upload']]);
  });
});
