import { describe, expect, it } from 'vitest';
import { readInstagramConfig } from '../../src/instagram/config.js';
import {
  buildClipsRequest,
  buildCurrentUserRequest,
  buildHighlightsTrayRequest,
  buildMediaByShortcodeRequest,
  buildMediaInfoRequest,
  buildProfileInfoRequest,
  buildReelsMediaRequest,
  buildShortcodeDocRequest,
  buildTaggedRequest,
  buildTimelineDocRequest,
  buildUserFeedRequest,
  DESKTOP_USER_AGENT,
  IPHONE_APP_ID,
  WEB_APP_ID,
  type RequestContext,
} from '../../src/instagram/requests.js';

const ctx: RequestContext = {
  webBaseUrl: 'https://www.instagram.com/',
  apiBaseUrl: 'https://i.instagram.com',
  cookies: { sessionid: '1%3Aabc', csrftoken: 'tok123', ds_user_id: '1', mid: 'MID' },
  wwwClaim: 'hmac.AR-claim',
};

describe('request builders', () => {
  it('builds web_profile_info with the web headers, cookies and CSRF token', () => {
    const request = buildProfileInfoRequest(ctx, 'fixture_user');
    expect(request).toMatchObject({
      method: 'GET',
      family: 'api_v1',
      endpoint: 'users/web_profile_info',
      url: 'https://www.instagram.com/api/v1/users/web_profile_info/?username=fixture_user',
    });
    expect(request.headers).toMatchObject({
      'User-Agent': DESKTOP_USER_AGENT,
      'X-IG-App-ID': WEB_APP_ID,
      'X-ASBD-ID': '129477',
      'X-IG-WWW-Claim': 'hmac.AR-claim',
      'X-CSRFToken': 'tok123',
      'X-Requested-With': 'XMLHttpRequest',
      Referer: 'https://www.instagram.com/fixture_user/',
      Cookie: 'sessionid=1%3Aabc; csrftoken=tok123; ds_user_id=1; mid=MID',
    });
    expect(() => buildProfileInfoRequest(ctx, 'bad name')).toThrow(/Invalid Instagram username/);
  });

  it('pages the user feed with count and max_id', () => {
    expect(buildUserFeedRequest(ctx, '1234567890').url).toBe(
      'https://www.instagram.com/api/v1/feed/user/1234567890/?count=30',
    );
    expect(buildUserFeedRequest(ctx, '1234567890', { maxId: '3600000000000000103_1234567890', count: 12 }).url).toBe(
      'https://www.instagram.com/api/v1/feed/user/1234567890/?count=12&max_id=3600000000000000103_1234567890',
    );
    expect(() => buildUserFeedRequest(ctx, '12ab')).toThrow(/Invalid Instagram user id "12ab"/);
  });

  it('POSTs the clips tab as a form with Origin and Content-Type', () => {
    const request = buildClipsRequest(ctx, '1234567890', { maxId: 'CURSOR' });
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://www.instagram.com/api/v1/clips/user/',
      family: 'api_v1',
    });
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      target_user_id: '1234567890',
      page_size: '50',
      include_feed_video: 'true',
      max_id: 'CURSOR',
    });
    expect(request.headers).toMatchObject({
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: 'https://www.instagram.com',
      'X-CSRFToken': 'tok123',
    });
  });

  it('asks i.instagram.com for media info, with iPhone headers and cookie-derived ids', () => {
    const request = buildMediaInfoRequest(ctx, '3600000000000000101_1234567890');
    expect(request).toMatchObject({
      url: 'https://i.instagram.com/api/v1/media/3600000000000000101/info/',
      family: 'iphone',
    });
    expect(request.headers).toMatchObject({ 'X-IG-App-ID': IPHONE_APP_ID, 'ig-u-ds-user-id': '1', 'x-mid': 'MID' });
    expect(request.headers['User-Agent']).toMatch(/^Instagram \d+/);
    expect(buildMediaByShortcodeRequest(ctx, 'BqvsDleB3lV').url).toBe(
      'https://i.instagram.com/api/v1/media/1922949326347663701/info/',
    );
  });

  it('builds reels_media for stories and highlights, tagged, tray and the session check', () => {
    expect(buildReelsMediaRequest(ctx, ['1234567890', 'highlight:18042509488170095']).url).toBe(
      'https://www.instagram.com/api/v1/feed/reels_media/?reel_ids=1234567890&reel_ids=highlight%3A18042509488170095',
    );
    expect(() => buildReelsMediaRequest(ctx, ['story:1'])).toThrow(/Invalid reel id "story:1"/);
    expect(() => buildReelsMediaRequest(ctx, [])).toThrow(/at least one reel id/);
    expect(buildTaggedRequest(ctx, '1').url).toBe('https://www.instagram.com/api/v1/usertags/1/feed/?count=20');
    expect(buildHighlightsTrayRequest(ctx, '1').url).toBe(
      'https://www.instagram.com/api/v1/highlights/1/highlights_tray/',
    );
    const check = buildCurrentUserRequest(ctx);
    expect(check.family).toBe('graphql');
    expect(check.url).toBe(
      'https://www.instagram.com/graphql/query/?query_hash=d6f4427fbe92d846298cf93df0b937d3&variables=%7B%7D',
    );
  });

  it('omits Cookie and CSRF headers for an anonymous context', () => {
    const request = buildUserFeedRequest({ ...ctx, cookies: {}, wwwClaim: undefined }, '1');
    expect(request.headers).not.toHaveProperty('Cookie');
    expect(request.headers).not.toHaveProperty('X-CSRFToken');
    expect(request.headers['X-IG-WWW-Claim']).toBe('0');
  });
});

describe('readInstagramConfig', () => {
  it('applies defaults and trims trailing slashes', () => {
    expect(readInstagramConfig({})).toEqual({
      webBaseUrl: 'https://www.instagram.com',
      apiBaseUrl: 'https://i.instagram.com',
      minIntervalMs: 1000,
    });
    expect(
      readInstagramConfig({ INSTAGRAM_WEB_URL: 'http://127.0.0.1:9400/', INSTAGRAM_MIN_INTERVAL_MS: '0' }),
    ).toMatchObject({ webBaseUrl: 'http://127.0.0.1:9400', minIntervalMs: 0 });
  });

  it('names every bad variable', () => {
    expect(() => readInstagramConfig({ INSTAGRAM_API_URL: 'ftp://x', INSTAGRAM_MIN_INTERVAL_MS: '-5' })).toThrow(
      /INSTAGRAM_API_URL must be an http\(s\) URL.*INSTAGRAM_MIN_INTERVAL_MS must be >= 0/,
    );
  });
});

describe('GraphQL second path (doc_id builders)', () => {
  it('builds the timeline doc_id POST the web app sends, with the cursor as `after`', () => {
    const request = buildTimelineDocRequest(
      ctx,
      '34579740524958711',
      { id: '1234', username: 'fixture_user' },
      '99_1234',
    );
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://www.instagram.com/graphql/query',
      family: 'graphql',
      endpoint: 'graphql/user_timeline',
      headers: {
        'X-CSRFToken': 'tok123',
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-IG-App-ID': WEB_APP_ID,
      },
    });
    const form = new URLSearchParams(request.body);
    expect(form.get('doc_id')).toBe('34579740524958711');
    expect(form.get('server_timestamps')).toBe('true');
    expect(JSON.parse(form.get('variables')!)).toEqual({
      data: { count: 12, include_relationship_info: true, latest_besties_reel_media: true, latest_reel_media: true },
      id: '1234',
      username: 'fixture_user',
      after: '99_1234',
      before: null,
      first: 12,
      last: null,
      __relay_internal__pv__PolarisFeedShareMenurelayprovider: false,
    });
  });

  it('builds the xdt_shortcode_media doc_id POST and refuses bad ids', () => {
    const request = buildShortcodeDocRequest(ctx, '8845758582119845', 'DH1xO0naAPq');
    expect(new URLSearchParams(request.body).get('variables')).toBe('{"shortcode":"DH1xO0naAPq"}');
    expect(() => buildShortcodeDocRequest(ctx, 'not-a-doc', 'abc')).toThrow(/doc_id/);
    expect(() => buildShortcodeDocRequest(ctx, '1', 'a/b')).toThrow(/shortcode/);
  });
});
