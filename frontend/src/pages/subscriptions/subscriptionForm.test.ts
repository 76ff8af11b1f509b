// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  buildSubscriptionInput,
  describeSchedule,
  formFromSubscription,
  isSitePage,
  NEW_SUBSCRIPTION,
  subscriptionLabel,
  toSubscriptionPatch,
} from './subscriptionForm.ts';

describe('subscription form', () => {
  it('builds an every-schedule subscription', () => {
    expect(buildSubscriptionInput({ ...NEW_SUBSCRIPTION, target: ' @nasa ', every: '12h', sessionId: 's1' })).toEqual({
      ok: true,
      input: {
        target: 'nasa',
        include: ['posts', 'reels'],
        schedule: { every: '12h' },
        enabled: true,
        sessionId: 's1',
      },
    });
  });

  it('builds a cron schedule and normalises spaces', () => {
    const built = buildSubscriptionInput({
      ...NEW_SUBSCRIPTION,
      target: 'https://www.instagram.com/nasa/',
      scheduleKind: 'cron',
      cron: ' 0  */6 * * * ',
    });
    expect(built).toMatchObject({ ok: true, input: { schedule: { cron: '0 */6 * * *' } } });
  });

  it('reports every problem at once, only for the chosen schedule kind', () => {
    expect(buildSubscriptionInput({ ...NEW_SUBSCRIPTION, target: '', include: [], every: '1m', cron: 'bad' })).toEqual({
      ok: false,
      errors: {
        target: 'Enter an Instagram profile link or username.',
        include: 'Choose at least one kind of content.',
        every: 'Use an interval of at least 5 minutes.',
        cron: undefined,
      },
    });
  });

  it('round-trips an existing subscription into the edit form', () => {
    const form = formFromSubscription({
      id: '1',
      target: 'nasa',
      schedule: { cron: '0 1 * * *' },
      enabled: false,
      include: ['stories'],
      sessionId: null,
    });
    expect(form).toMatchObject({
      target: 'nasa',
      scheduleKind: 'cron',
      cron: '0 1 * * *',
      enabled: false,
      include: ['stories'],
      sessionId: '',
    });
  });

  it('turns an edit into a PATCH without the target, clearing a removed session with null', () => {
    expect(
      toSubscriptionPatch({ target: 'nasa', include: ['reels'], schedule: { every: '1d' }, enabled: false }),
    ).toEqual({
      include: ['reels'],
      schedule: { every: '1d' },
      sessionId: null,
      enabled: false,
    });
  });

  it('tells a page of another site from an Instagram target', () => {
    expect(isSitePage('https://tube.example.org/c/fish')).toBe(true);
    expect(isSitePage(' http://127.0.0.1:8080/feed.xml ')).toBe(true);
    expect(isSitePage('https://www.instagram.com/nasa/')).toBe(false);
    expect(isSitePage('https://instagr.am/nasa')).toBe(false);
    expect(isSitePage('nasa')).toBe(false);
    expect(isSitePage('https://')).toBe(false);
  });

  it('sends a site page without Instagram include and session, even when they are filled in', () => {
    const built = buildSubscriptionInput({
      ...NEW_SUBSCRIPTION,
      target: ' https://tube.example.org/c/fish ',
      include: [],
      sessionId: 's1',
    });
    expect(built).toEqual({
      ok: true,
      input: { target: 'https://tube.example.org/c/fish', schedule: { every: '6h' }, enabled: true },
    });
    if (!built.ok) throw new Error('not built');
    expect(toSubscriptionPatch(built.input)).toEqual({ schedule: { every: '6h' }, enabled: true });
  });

  it('labels a site subscription with its host and path, an Instagram one with its username', () => {
    expect(subscriptionLabel({ kind: 'site', target: 'https://tube.example.org/c/fish/' })).toBe(
      'tube.example.org/c/fish',
    );
    expect(subscriptionLabel({ kind: 'site', target: 'https://tube.example.org/playlist?list=PL1' })).toBe(
      'tube.example.org/playlist?list=PL1',
    );
    expect(subscriptionLabel({ kind: 'instagram', target: 'nasa' })).toBe('nasa');
  });

  it('describes schedules in words', () => {
    expect(describeSchedule({ cron: '0 6 * * *', timezone: 'Europe/Paris' })).toBe('Cron: 0 6 * * * (Europe/Paris)');
    expect(describeSchedule({ every: '90s' })).toBe('Every 90 seconds');
    expect(describeSchedule({ every: '6h' })).toBe('Every 6 hours');
    expect(describeSchedule({ every: '1d' })).toBe('Every day');
    expect(describeSchedule({ every: '30m' })).toBe('Every 30 minutes');
    expect(describeSchedule({ cron: '0 */6 * * *' })).toBe('Cron: 0 */6 * * *');
  });
});
