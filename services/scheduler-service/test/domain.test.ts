import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSubscription, planEdit } from '../src/domain/edit.js';
import { judgeFailure, outcomeOfDownload } from '../src/domain/outcomes.js';
import { DEFAULT_JITTER, jitterMs } from '../src/domain/schedule.js';
import {
  parseSubscriptionTarget,
  parseTarget,
  profileUrl,
  subscriptionUrl,
  TargetError,
} from '../src/domain/target.js';
import type { Run } from '../src/domain/types.js';
import { runOutcomeLine } from '../src/scheduler/reporter.js';

describe('parseTarget', () => {
  it.each([
    ['natgeo', 'natgeo'],
    ['@NatGeo', 'natgeo'],
    ['  nat.geo_2  ', 'nat.geo_2'],
    ['https://www.instagram.com/natgeo/', 'natgeo'],
    ['https://www.instagram.com/NatGeo', 'natgeo'],
    ['https://instagram.com/natgeo/?hl=en', 'natgeo'],
    ['https://m.instagram.com/natgeo/#top', 'natgeo'],
  ])('%j → %j', (input, username) => {
    expect(parseTarget(input)).toBe(username);
  });

  it.each([
    ['', 'is empty'],
    ['nat geo', 'not an Instagram username'],
    ['a'.repeat(31), 'not an Instagram username'],
    ['nat/geo', 'not an Instagram username'],
    ['http://www.instagram.com/natgeo/', 'must use https://'],
    ['https://www.example.com/natgeo/', 'not an Instagram URL'],
    ['https://www.instagram.com/', 'names no profile'],
    ['https://www.instagram.com/p/Cabc123/', 'not a profile'],
    ['https://www.instagram.com/stories/natgeo/', 'not a profile'],
    ['https://www.instagram.com/natgeo/tagged/', 'not a profile URL'],
    ['https://www.instagram.com/nat%20geo/', 'not an Instagram username'],
  ])('rejects %j: %s', (input, message) => {
    expect(() => parseTarget(input)).toThrow(TargetError);
    expect(() => parseTarget(input)).toThrow(message);
  });

  it('builds the canonical profile URL', () => {
    expect(profileUrl('natgeo')).toBe('https://www.instagram.com/natgeo/');
  });
});

describe('parseSubscriptionTarget', () => {
  it.each([
    ['natgeo', { kind: 'instagram', username: 'natgeo' }],
    ['https://www.instagram.com/NatGeo/', { kind: 'instagram', username: 'natgeo' }],
    ['https://Videos.Example.org/c/Fish/videos', { kind: 'site', url: 'https://videos.example.org/c/Fish/videos' }],
    ['  http://tube.test/feed.rss#latest ', { kind: 'site', url: 'http://tube.test/feed.rss' }],
    ['https://www.youtube.com/@NatGeo', { kind: 'site', url: 'https://www.youtube.com/@NatGeo' }],
    ['https://example.org/playlist?list=PL1', { kind: 'site', url: 'https://example.org/playlist?list=PL1' }],
  ])('%j → %j', (input, target) => {
    expect(parseSubscriptionTarget(input)).toEqual(target);
  });

  it.each([
    ['', 'is empty'],
    ['nat geo', 'not an Instagram username'],
    // Instagram URLs keep Instagram's errors: a site subscription never swallows them.
    ['http://www.instagram.com/natgeo/', 'must use https://'],
    ['https://www.instagram.com/p/Cabc123/', 'not a profile'],
    ['https://instagr.am/p/Cabc123/', 'not an Instagram URL'],
    ['https://tube.test/videos/clip.mp4', 'a single file, not a page'],
    ['https://user:secret@tube.test/c/fish', 'must not contain a user name or password'],
    ['https://', 'not a valid URL'],
    ['ftp://tube.test/c/fish', 'not an Instagram username'],
  ])('rejects %j: %s', (input, message) => {
    expect(() => parseSubscriptionTarget(input)).toThrow(TargetError);
    expect(() => parseSubscriptionTarget(input)).toThrow(message);
  });

  it('syncs the site page, or the Instagram profile', () => {
    expect(subscriptionUrl({ username: 'natgeo', sourceUrl: null })).toBe('https://www.instagram.com/natgeo/');
    expect(subscriptionUrl({ username: 'https://tube.test/c/fish', sourceUrl: 'https://tube.test/c/fish' })).toBe(
      'https://tube.test/c/fish',
    );
  });
});

describe('judgeFailure', () => {
  const error = { code: 'PRIVATE_PROFILE', message: 'private' };

  it('counts the streak and flags from the threshold on', () => {
    expect(judgeFailure({ previousFailures: 0, flagAfter: 3, error, existingFlag: null })).toEqual({
      consecutiveFailures: 1,
      flaggedReason: null,
      pausedReason: null,
    });
    expect(judgeFailure({ previousFailures: 1, flagAfter: 3, error, existingFlag: null }).flaggedReason).toBeNull();
    const third = judgeFailure({ previousFailures: 2, flagAfter: 3, error, existingFlag: null });
    expect(third.consecutiveFailures).toBe(3);
    expect(third.flaggedReason).toContain('3 runs in a row failed');
    expect(third.flaggedReason).toContain('PRIVATE_PROFILE');
  });

  it('pauses at the first run that finds no such profile (issue 15, bug 11)', () => {
    const verdict = judgeFailure({
      previousFailures: 0,
      flagAfter: 5,
      error: { code: 'NOT_FOUND', message: 'Instagram profile @no_such_user not found' },
      existingFlag: null,
    });
    expect(verdict.pausedReason).toBe(
      'Paused: Instagram has no such profile (Instagram profile @no_such_user not found). Check the username; delete this subscription or resume it once the profile exists.',
    );
  });

  it.each(['LOGIN_REQUIRED', 'SESSION_INVALID', 'CHECKPOINT_REQUIRED', 'CHALLENGE_REQUIRED'])(
    'pauses on %s',
    (code) => {
      const verdict = judgeFailure({
        previousFailures: 0,
        flagAfter: 5,
        error: { code, message: 'log in' },
        existingFlag: null,
      });
      expect(verdict.pausedReason).toContain(code);
      expect(verdict.pausedReason).toContain('Instagram session');
    },
  );

  it('does not pause on other errors', () => {
    expect(
      judgeFailure({
        previousFailures: 0,
        flagAfter: 5,
        error: { code: 'RATE_LIMITED', message: 'slow down' },
        existingFlag: null,
      }).pausedReason,
    ).toBeNull();
  });
});

describe('outcomeOfDownload', () => {
  it('maps finished downloads to run outcomes and unfinished ones to null', () => {
    expect(outcomeOfDownload({ status: 'completed', fileIds: ['a', 'b', 'c'] })).toEqual({
      status: 'completed',
      fileIds: ['a', 'b', 'c'],
    });
    expect(outcomeOfDownload({ status: 'failed', fileIds: [], error: { code: 'NOT_FOUND', message: 'gone' } })).toEqual(
      { status: 'failed', error: { code: 'NOT_FOUND', message: 'gone' } },
    );
    expect(outcomeOfDownload({ status: 'failed', fileIds: [], error: null })).toMatchObject({
      status: 'failed',
      error: { code: 'DOWNLOAD_FAILED' },
    });
    expect(outcomeOfDownload({ status: 'canceled', fileIds: [] })).toMatchObject({
      status: 'failed',
      error: { code: 'CANCELED' },
    });
    expect(outcomeOfDownload({ status: 'running', fileIds: [] })).toBeNull();
    expect(outcomeOfDownload({ status: 'queued', fileIds: [] })).toBeNull();
  });
});

describe('buildSubscription and planEdit', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const input = {
    id: randomUUID(),
    ownerId: 'u1',
    username: 'natgeo',
    sourceUrl: null,
    include: ['posts' as const],
    schedule: { every: '6h' },
    sessionId: null,
    enabled: true,
  };

  it('runs a new subscription right away, spread by its jitter', () => {
    const subscription = buildSubscription(input, now, DEFAULT_JITTER);
    expect(subscription.nextRunAt.getTime()).toBe(now.getTime() + jitterMs(input.id, 6 * 3_600_000));
    expect(subscription.consecutiveFailures).toBe(0);
  });

  it('an edit resumes, clears the flag and streak, and a new schedule counts from now', () => {
    const subscription = {
      ...buildSubscription(input, now, DEFAULT_JITTER),
      consecutiveFailures: 7,
      flaggedReason: 'x',
      flaggedAt: now,
      pausedReason: 'expired',
      pausedAt: now,
    };
    const later = new Date('2030-01-02T00:00:00Z');
    const changes = planEdit(subscription, { schedule: { every: '1h' } }, later, DEFAULT_JITTER);
    expect(changes).toMatchObject({
      pausedReason: null,
      pausedAt: null,
      flaggedReason: null,
      flaggedAt: null,
      consecutiveFailures: 0,
      schedule: { every: '1h' },
    });
    expect(changes.nextRunAt!.getTime()).toBe(later.getTime() + 3_600_000 + jitterMs(input.id, 3_600_000));
    const resumeOnly = planEdit(subscription, { resume: true }, later, DEFAULT_JITTER);
    expect(resumeOnly.nextRunAt).toBeUndefined();
    expect(resumeOnly.pausedReason).toBeNull();
  });
});

describe('run outcome line', () => {
  const run = {
    id: 'r1',
    subscriptionId: 's1',
    ownerId: 'o1',
    trigger: 'manual',
    scheduledFor: null,
    status: 'completed',
    downloadId: 'd1',
    newFiles: 3,
    errorCode: null,
    errorMessage: null,
    dispatchAttempts: 1,
    startedAt: new Date(0),
    finishedAt: new Date(0),
  } as unknown as Run;
  it('says what came of the run and for which profile', () => {
    expect(runOutcomeLine('completed', run, 'natgeo')).toBe('subscription run completed: @natgeo, 3 new files');
    expect(runOutcomeLine('completed', { ...run, newFiles: 1 }, 'natgeo')).toBe(
      'subscription run completed: @natgeo, 1 new file',
    );
    expect(runOutcomeLine('failed', { ...run, errorCode: 'NOT_FOUND', errorMessage: 'No such profile' }, 'gone')).toBe(
      'subscription run failed: @gone: No such profile',
    );
    expect(runOutcomeLine('skipped', run)).toBe(
      'subscription run skipped: subscription s1 (the previous run is still open)',
    );
  });
});
