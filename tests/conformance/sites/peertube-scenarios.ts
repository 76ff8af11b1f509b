/**
 * Pure builders of the PeerTube conformance run: the private /etc/hosts and the yt-dlp command line of each
 * scenario, with the files each must end with.
 */
import { join } from 'node:path';
import type { FakePeerTubeStore, FakePeerTubeVideo } from '../../fakes/peertube/model.js';
import { PEERTUBE_REAL_HOST } from '../../fakes/peertube/server.js';

/** A public-looking address on the namespace's loopback: the hub's SSRF guard treats it as the real site. */
export const PEERTUBE_ADDRESS = '151.101.64.10';

export function peertubeHostsFile(): string {
  return ['127.0.0.1 localhost', `${PEERTUBE_ADDRESS} ${PEERTUBE_REAL_HOST}`, ''].join('\n');
}

export interface SiteScenario {
  name: string;
  args: string[];
  outDir: string;
  /** Adds an upload with this title to the channel before the scenario runs. */
  addUploadBefore?: string;
  expectFiles(store: FakePeerTubeStore): FakePeerTubeVideo[];
}

export interface SiteScenarioResult {
  name: string;
  exitCode: number;
  seconds: number;
  /** Short UUIDs of the videos whose bytes the scenario must have saved. */
  expected: string[];
  matched: string[];
  unexpected: string[];
  stdout: string;
  log: string;
}

export interface SiteFixture {
  channel: string;
  account: string;
  first: FakePeerTubeVideo;
  second: FakePeerTubeVideo;
}

export function siteScenarios(fixture: SiteFixture, outRoot: string): SiteScenario[] {
  const origin = `https://${PEERTUBE_REAL_HOST}`;
  const archive = join(outRoot, 'archive.txt');
  const scenario = (
    name: string,
    url: string,
    expectFiles: SiteScenario['expectFiles'],
    extra: string[] = [],
    addUploadBefore?: string,
  ): SiteScenario => {
    const outDir = join(outRoot, name.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
    return {
      name,
      outDir,
      expectFiles,
      ...(addUploadBefore ? { addUploadBefore } : {}),
      args: ['--ignore-config', '--no-cache-dir', '--no-progress', '-o', join(outDir, '%(id)s.%(ext)s'), ...extra, url],
    };
  };
  const channelVideos = (store: FakePeerTubeStore) => {
    const channel = store.channels.get(fixture.channel);
    return channel ? store.videosOf(channel) : [];
  };
  return [
    scenario('single video (/w/ short UUID)', `${origin}/w/${fixture.first.shortUUID}`, () => [fixture.first]),
    scenario('single video (/videos/watch/ UUID)', `${origin}/videos/watch/${fixture.second.uuid}`, () => [
      fixture.second,
    ]),
    scenario('single video metadata (-J)', `${origin}/w/${fixture.first.shortUUID}`, () => [], ['-J']),
    scenario('channel listing (flat)', `${origin}/c/${fixture.channel}/videos`, () => [], ['-J', '--flat-playlist']),
    scenario('account listing (flat)', `${origin}/a/${fixture.account}/videos`, () => [], ['-J', '--flat-playlist']),
    scenario('channel download (first pass)', `${origin}/c/${fixture.channel}/videos`, channelVideos, [
      '--download-archive',
      archive,
    ]),
    scenario(
      'channel download (next pass: one new upload)',
      `${origin}/c/${fixture.channel}/videos`,
      (store) => channelVideos(store).slice(0, 1),
      ['--download-archive', archive, '--break-on-existing'],
      'Third upload',
    ),
  ];
}
