/** The conformance run's command lines as data (the conformance suite runs them against the real tools). */
import { describe, expect, it } from 'vitest';
import { certificateCommands, cookiesTxt, galleryDlCommands, hostsFile, instaloaderCommands } from './commands.js';

const target = { username: 'conform_user', viewer: 'conform_viewer', shortcode: 'DH1xO0naAPq' };

describe('conformance command builders', () => {
  it('maps the real host names to one address each', () => {
    expect(
      hostsFile({ web: 'www.instagram.com', api: 'i.instagram.com', cdn: 'scontent-ams2-1.cdninstagram.com' }),
    ).toBe(
      '127.0.0.1 localhost\n127.0.0.1 www.instagram.com instagram.com\n127.0.0.2 i.instagram.com\n127.0.0.3 scontent-ams2-1.cdninstagram.com\n',
    );
  });

  it('runs gallery-dl without its sleeps, with cookies only for session scenarios', () => {
    const commands = galleryDlCommands(target, '/out', '/c.txt');
    const profile = commands.find((c) => c.scenario === 'profile (anonymous)')!;
    expect(profile.args).toEqual([
      '--ignore-config',
      '-o',
      'sleep-request=0',
      '-o',
      'sleep=0',
      '--no-mtime',
      '-D',
      '/out/profile-anonymous',
      'https://www.instagram.com/conform_user/posts/',
    ]);
    const stories = commands.find((c) => c.scenario === 'stories (session)')!;
    expect(stories.args.slice(-3)).toEqual(['--cookies', '/c.txt', 'https://www.instagram.com/stories/conform_user/']);
    expect(commands.find((c) => c.scenario === 'single post')!.args.at(-1)).toBe(
      'https://www.instagram.com/p/DH1xO0naAPq/',
    );
  });

  it('runs instaloader with --no-sleep, a session file for session scenarios and the post as "-SHORTCODE"', () => {
    const commands = instaloaderCommands(target, '/out', '/s.session');
    expect(commands.every((c) => c.args.includes('--no-sleep'))).toBe(true);
    expect(commands.find((c) => c.scenario === 'highlights (session)')!.args.slice(-7)).toEqual([
      '--login',
      'conform_viewer',
      '--sessionfile',
      '/s.session',
      '--highlights',
      '--no-posts',
      'conform_user',
    ]);
    expect(commands.find((c) => c.scenario === 'single post')!.args.slice(-2)).toEqual(['--', '-DH1xO0naAPq']);
    expect(commands.find((c) => c.scenario === 'profile (anonymous)')!.args).not.toContain('--login');
  });

  it('makes a CA and a leaf for every Instagram host name, and a Netscape cookies.txt', () => {
    const [ca, csr, leaf] = certificateCommands('/d');
    expect(ca!.args).toEqual(expect.arrayContaining(['-x509', 'basicConstraints=critical,CA:TRUE']));
    expect(csr!.args).toEqual(expect.arrayContaining(['-subj', '/CN=www.instagram.com']));
    expect(leaf!.extFile!.text).toContain(
      'subjectAltName=DNS:www.instagram.com,DNS:instagram.com,DNS:i.instagram.com,DNS:*.cdninstagram.com',
    );
    expect(cookiesTxt('sid', '42').split('\n')[1]).toBe('.instagram.com\tTRUE\t/\tTRUE\t2000000000\tsessionid\tsid');
  });
});
