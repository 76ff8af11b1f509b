/**
 * Starts the fake Instagram with a demo profile for manual tries and e2e:
 *   tsx tests/fakes/instagram/main.ts --port 9400
 * Then INSTAGRAM_WEB_URL=http://127.0.0.1:9400 INSTAGRAM_API_URL=http://127.0.0.1:9401 (CDN on 9402).
 */
import { parseArgs } from 'node:util';
import { startFakeInstagram } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9400' },
    host: { type: 'string', default: '127.0.0.1' },
    posts: { type: 'string', default: '75' },
    session: { type: 'string', default: 'fake-session-id' },
    'logged-out-wall': { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
const posts = Number(values.posts);
if (!Number.isInteger(port) || port < 1 || port > 65533)
  throw new Error(`--port must be an integer 1..65533, got "${values.port}"`);
if (!Number.isInteger(posts) || posts < 0) throw new Error(`--posts must be a whole number, got "${values.posts}"`);

const fake = await startFakeInstagram({ port, host: values.host, loggedOutWall: values['logged-out-wall'] });
fake.addProfile({
  username: 'fixture_user',
  fullName: 'Fixture User',
  posts,
  pinned: 2,
  stories: 3,
  highlights: 2,
  tagged: 3,
});
fake.addProfile({ username: 'private_user', isPrivate: true, posts: 5, followers: ['fixture_user'] });
fake.addSession(values.session, 'fixture_user');

console.log(`fake Instagram www ${fake.webUrl}  api ${fake.apiUrl}  cdn ${fake.cdnUrl}`);
console.log(`profiles: fixture_user (${posts} posts, 2 pinned, 3 stories, 2 highlights), private_user (private)`);
console.log(`session cookie: sessionid=${values.session} (logs in as fixture_user)`);
if (values['logged-out-wall'])
  console.log('logged-out wall: anonymous visitors see the profile and its newest 12 posts');

const stop = (): void => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
