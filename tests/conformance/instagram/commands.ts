/**
 * Pure builders of the conformance run: openssl calls for a throw-away CA, the private /etc/hosts, and the
 * gallery-dl / instaloader command lines of every scenario (their own options turn their politeness sleeps off).
 */
import { join } from 'node:path';
import { type OpensslStep, throwawayCertificateCommands } from '../tls.js';

export type Tool = 'gallery-dl' | 'instaloader';
export type ScenarioName =
  | 'profile (anonymous)'
  | 'profile (session)'
  | 'profile (anonymous, GraphQL API)'
  | 'reels'
  | 'tagged'
  | 'single post'
  | 'stories (session)'
  | 'highlights (session)';

export interface ScenarioTarget {
  username: string;
  viewer: string;
  shortcode: string;
}

export interface Command {
  tool: Tool;
  scenario: ScenarioName;
  args: string[];
  session: boolean;
}

/** Addresses each real host name resolves to inside the namespace (one HTTPS server per address). */
export const HOST_ADDRESSES = { web: '127.0.0.1', api: '127.0.0.2', cdn: '127.0.0.3' } as const;

export function hostsFile(names: { web: string; api: string; cdn: string }): string {
  return [
    '127.0.0.1 localhost',
    `${HOST_ADDRESSES.web} ${names.web} instagram.com`,
    `${HOST_ADDRESSES.api} ${names.api}`,
    `${HOST_ADDRESSES.cdn} ${names.cdn}`,
    '',
  ].join('\n');
}

/** openssl invocations: an EC CA, then a leaf for the Instagram host names signed by it (strict-X509 clean). */
export function certificateCommands(dir: string): OpensslStep[] {
  return throwawayCertificateCommands(dir, 'Social Media Hub conformance CA', [
    'www.instagram.com',
    'instagram.com',
    'i.instagram.com',
    '*.cdninstagram.com',
  ]);
}

/** A Netscape cookies.txt with the session (what gallery-dl's `--cookies` reads). */
export function cookiesTxt(sessionid: string, userId: string): string {
  const line = (name: string, value: string) => `.instagram.com\tTRUE\t/\tTRUE\t2000000000\t${name}\t${value}`;
  return ['# Netscape HTTP Cookie File', line('sessionid', sessionid), line('ds_user_id', userId), ''].join('\n');
}

/** Python that writes instaloader's session file (a pickled cookie dict, what `--sessionfile` loads). */
export function instaloaderSessionScript(path: string, sessionid: string, userId: string): string[] {
  const cookies = JSON.stringify({
    sessionid,
    ds_user_id: userId,
    csrftoken: 'conformancecsrf0123456789abcdef',
    mid: 'CONFORMANCE',
  });
  return ['-c', 'import json,pickle,sys; pickle.dump(json.loads(sys.argv[2]), open(sys.argv[1], "wb"))', path, cookies];
}

export function galleryDlCommands(t: ScenarioTarget, outDir: string, cookies: string): Command[] {
  const web = 'https://www.instagram.com';
  const base = ['--ignore-config', '-o', 'sleep-request=0', '-o', 'sleep=0', '--no-mtime', '-D'];
  const run = (scenario: ScenarioName, url: string, session: boolean, extra: string[] = []): Command => ({
    tool: 'gallery-dl',
    scenario,
    session,
    args: [...base, join(outDir, slug(scenario)), ...extra, ...(session ? ['--cookies', cookies] : []), url],
  });
  return [
    run('profile (anonymous)', `${web}/${t.username}/posts/`, false),
    run('profile (session)', `${web}/${t.username}/posts/`, true),
    run('profile (anonymous, GraphQL API)', `${web}/${t.username}/posts/`, false, ['-o', 'api=graphql']),
    run('reels', `${web}/${t.username}/reels/`, true),
    run('tagged', `${web}/${t.username}/tagged/`, true),
    run('single post', `${web}/p/${t.shortcode}/`, false),
    run('stories (session)', `${web}/stories/${t.username}/`, true),
    run('highlights (session)', `${web}/${t.username}/highlights/`, true),
  ];
}

export function instaloaderCommands(t: ScenarioTarget, outDir: string, sessionFile: string): Command[] {
  const run = (scenario: ScenarioName, session: boolean, target: string[]): Command => ({
    tool: 'instaloader',
    scenario,
    session,
    args: [
      '--no-sleep',
      '--quiet',
      '--no-metadata-json',
      '--no-captions',
      '--no-compress-json',
      '--no-profile-pic',
      '--no-video-thumbnails',
      '--dirname-pattern',
      join(outDir, slug(scenario), '{target}'),
      ...(session ? ['--login', t.viewer, '--sessionfile', sessionFile] : []),
      ...target,
    ],
  });
  return [
    run('profile (anonymous)', false, [t.username]),
    run('profile (session)', true, [t.username]),
    run('tagged', true, ['--tagged', '--no-posts', t.username]),
    run('single post', false, ['--', `-${t.shortcode}`]),
    run('stories (session)', true, ['--stories', '--no-posts', t.username]),
    run('highlights (session)', true, ['--highlights', '--no-posts', t.username]),
  ];
}

export function slug(scenario: ScenarioName): string {
  return scenario
    .replace(/[^a-z]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
