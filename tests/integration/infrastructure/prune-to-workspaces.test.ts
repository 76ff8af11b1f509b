// infrastructure/docker/prune-to-workspaces.mjs: the image build installs production dependencies once for every
// back end, then narrows node_modules to what `npm ls` says the chosen service needs. The choice as data, the
// removal on a real folder tree, and the whole path against the repository's own install and npm.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module of the image build, without type declarations
import { listInstalled, selectRemovals } from '../../../infrastructure/docker/prune-to-workspaces.mjs';
import { repoPath } from './support/seed.js';

const script = repoPath('infrastructure/docker/prune-to-workspaces.mjs');
const removalsOf = selectRemovals as (installed: string[], keep: string[]) => string[];
const installedUnder = listInstalled as (root: string) => string[];

describe('selectRemovals', () => {
  it('removes what is not kept, once per subtree, and looks inside kept packages', () => {
    const installed = [
      '/app/node_modules/a',
      '/app/node_modules/a/node_modules/b',
      '/app/node_modules/c',
      '/app/node_modules/c/node_modules/d',
      '/app/node_modules/@s/e',
      '/app/node_modules/@s/f',
    ];
    expect(removalsOf(installed, ['/app', '/app/node_modules/a', '/app/node_modules/@s/e'])).toEqual([
      '/app/node_modules/@s/f',
      '/app/node_modules/a/node_modules/b',
      '/app/node_modules/c',
    ]);
  });

  it('does not mistake a package whose name extends a removed one for its child', () => {
    expect(removalsOf(['/m/node_modules/ab', '/m/node_modules/abc'], ['/m/node_modules/abc'])).toEqual([
      '/m/node_modules/ab',
    ]);
  });

  it('keeps everything when everything is kept, and removes everything when nothing is', () => {
    const installed = ['/app/node_modules/x', '/app/node_modules/x/node_modules/y'];
    expect(removalsOf(installed, installed)).toEqual([]);
    expect(removalsOf(installed, [])).toEqual(['/app/node_modules/x']);
  });
});

describe('prune-to-workspaces.mjs on a folder tree', () => {
  const tree = () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'smh-prune-ws-')));
    for (const dir of [
      'node_modules/fastify',
      'node_modules/sharp',
      'node_modules/@ffmpeg-installer/ffmpeg',
      'node_modules/.bin',
      'node_modules/fastify/node_modules/pino',
      'shared',
      'services/video-service/node_modules/zod',
      'services/file-service/node_modules/yazl',
    ]) {
      mkdirSync(join(root, dir), { recursive: true });
    }
    writeFileSync(join(root, 'node_modules/.package-lock.json'), '{}');
    mkdirSync(join(root, 'node_modules/@smh'));
    symlinkSync('../../shared', join(root, 'node_modules/@smh/shared'));
    symlinkSync('../../services/video-service', join(root, 'node_modules/@smh/video-service'));
    symlinkSync('../../services/file-service', join(root, 'node_modules/@smh/file-service'));
    return root;
  };

  it('lists packages at every depth, workspace folders and their own node_modules included', () => {
    const root = tree();
    const listed = installedUnder(root).map((path) => path.slice(root.length + 1));
    expect(listed.sort()).toEqual(
      [
        'node_modules/@ffmpeg-installer/ffmpeg',
        'node_modules/@smh/file-service',
        'node_modules/@smh/shared',
        'node_modules/@smh/video-service',
        'node_modules/fastify',
        'node_modules/fastify/node_modules/pino',
        'node_modules/sharp',
        'services/file-service',
        'services/file-service/node_modules/yazl',
        'services/video-service',
        'services/video-service/node_modules/zod',
        'shared',
      ].sort(),
    );
  });

  it('keeps exactly the listed packages and the kept workspaces, drops the others and .bin', () => {
    const root = tree();
    const keep = ['', 'node_modules/@smh/shared', 'node_modules/@smh/video-service', 'node_modules/fastify']
      .concat(['node_modules/@ffmpeg-installer/ffmpeg', 'services/video-service/node_modules/zod'])
      .map((path) => (path ? join(root, path) : root));
    const out = execFileSync('node', [script, root], { input: `${keep.join('\n')}\n`, encoding: 'utf8' });
    expect(out).toContain('kept 5 packages');
    const exists = (path: string) => existsSync(join(root, path));
    for (const kept of ['shared', 'services/video-service/node_modules/zod', 'node_modules/@smh/video-service'])
      expect(exists(kept), kept).toBe(true);
    for (const kept of ['node_modules/fastify', 'node_modules/@ffmpeg-installer/ffmpeg'])
      expect(exists(kept)).toBe(true);
    for (const gone of [
      'node_modules/sharp',
      'node_modules/fastify/node_modules/pino',
      'node_modules/@smh/file-service',
      'services/file-service',
      'node_modules/.bin',
    ])
      expect(exists(gone), gone).toBe(false);
  });

  it('refuses a keep list that is not npm ls output for that root, removing nothing', () => {
    const root = tree();
    const result = spawnSync('node', [script, root], { input: '/elsewhere\n', encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('not npm ls --parseable output');
    expect(existsSync(join(root, 'node_modules/sharp'))).toBe(true);
  });
});

describe('against this repository and npm', () => {
  it("video-service keeps ffmpeg and @smh/shared's dependencies, not the other services' own", () => {
    const root = repoPath();
    const keep = execFileSync(
      'npm',
      ['ls', '--omit=dev', '--all', '--parseable', '--workspace=@smh/shared', '--workspace=@smh/video-service'],
      { cwd: root, encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean);
    const removals = removalsOf(installedUnder(root), keep.concat(keep.map((path) => realpathSync(path))));
    const module = (name: string) => join(root, 'node_modules', name);
    for (const needed of ['@ffmpeg-installer/ffmpeg', '@ffprobe-installer/ffprobe', 'fastify', 'pg', 'zod'])
      expect(removals.filter((path) => path === module(needed) || module(needed).startsWith(`${path}/`))).toEqual([]);
    for (const unneeded of ['sharp', 'sql.js', 'nodemailer', '@node-rs/argon2', 'vitest', 'typescript'])
      expect(removals, unneeded).toContain(module(unneeded));
    expect(removals).toContain(join(root, 'services/file-service'));
    expect(removals).not.toContain(join(root, 'services/video-service'));
  });

  it("download-service keeps the npm package's static ffmpeg (yt-dlp merges with it), not ffprobe", () => {
    const root = repoPath();
    const keep = execFileSync(
      'npm',
      ['ls', '--omit=dev', '--all', '--parseable', '--workspace=@smh/shared', '--workspace=@smh/download-service'],
      { cwd: root, encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean);
    const removals = removalsOf(installedUnder(root), keep.concat(keep.map((path) => realpathSync(path))));
    const module = (name: string) => join(root, 'node_modules', name);
    for (const needed of ['@ffmpeg-installer/ffmpeg', '@ffmpeg-installer/linux-x64'])
      expect(removals.filter((path) => path === module(needed) || module(needed).startsWith(`${path}/`))).toEqual([]);
    expect(removals).toContain(module('@ffprobe-installer/ffprobe'));
    expect(removals).toContain(join(root, 'services/video-service'));
  });
});
