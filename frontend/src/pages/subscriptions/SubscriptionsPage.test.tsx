import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../api/types.ts';
import { json } from '../../test/fakeFetch.ts';
import { renderApp, signedInFake, withEmptyLists } from '../../test/renderApp.tsx';

const existing: Subscription = {
  id: 's1',
  target: 'nasa',
  include: ['posts'],
  schedule: { every: '6h' },
  enabled: true,
  sessionId: null,
};

describe('Subscriptions', () => {
  it('validates, then creates a subscription and lists it', async () => {
    const fake = withEmptyLists(signedInFake())
      .on('GET /api/subscriptions', json(200, { items: [], nextCursor: null }))
      .on('POST /api/subscriptions', (req) => json(201, { id: 's2', enabled: true, ...(req.body as object) }));
    const { user } = renderApp(fake, '/subscriptions');
    expect(await screen.findByText('No subscriptions yet')).toBeTruthy();

    await user.clear(screen.getByLabelText('Interval'));
    await user.type(screen.getByLabelText('Interval'), '1m');
    await user.click(screen.getByRole('button', { name: 'Create subscription' }));
    expect(screen.getByText('Enter an Instagram profile link or username.')).toBeTruthy();
    expect(screen.getByText('Use an interval of at least 5 minutes.')).toBeTruthy();
    expect(fake.calls('POST /api/subscriptions')).toHaveLength(0);

    await user.type(screen.getByLabelText('Profile to follow'), 'https://www.instagram.com/nasa/');
    await user.click(screen.getByRole('radio', { name: 'Cron schedule' }));
    await user.clear(screen.getByLabelText('Cron expression'));
    await user.type(screen.getByLabelText('Cron expression'), '0 */12 * * *');
    await user.click(screen.getByRole('checkbox', { name: 'Highlights' }));
    await user.click(screen.getByRole('button', { name: 'Create subscription' }));

    await waitFor(() => expect(fake.calls('POST /api/subscriptions')).toHaveLength(1));
    expect(fake.calls('POST /api/subscriptions')[0]?.body).toEqual({
      target: 'https://www.instagram.com/nasa/',
      include: ['posts', 'reels', 'highlights'],
      schedule: { cron: '0 */12 * * *' },
      enabled: true,
    });
    const item = await screen.findByTestId('subscription-item');
    expect(within(item).getByText('Cron: 0 */12 * * *')).toBeTruthy();
    expect((screen.getByLabelText('Profile to follow') as HTMLInputElement).value).toBe('');
  });

  it("shows the hub's refusal of an unknown profile in the form, and the hub's note when it could not check", async () => {
    let answer = json(422, {
      error: { code: 'PROFILE_NOT_FOUND', message: 'Instagram has no profile @ghost_user: check the spelling.' },
    });
    const fake = withEmptyLists(signedInFake())
      .on('GET /api/subscriptions', json(200, { items: [], nextCursor: null }))
      .on('POST /api/subscriptions', () => answer);
    const { user } = renderApp(fake, '/subscriptions');
    await user.type(await screen.findByLabelText('Profile to follow'), 'ghost_user');
    await user.click(screen.getByRole('button', { name: 'Create subscription' }));
    expect(await screen.findByText('Instagram has no profile @ghost_user: check the spelling.')).toBeTruthy();
    expect(screen.queryByTestId('subscription-item')).toBeNull();
    expect((screen.getByLabelText('Profile to follow') as HTMLInputElement).value).toBe('ghost_user');

    answer = json(201, {
      ...existing,
      id: 's3',
      target: 'ghost_user',
      profileCheck: { status: 'unchecked', message: 'Instagram could not be asked whether @ghost_user exists.' },
    });
    await user.click(screen.getByRole('button', { name: 'Create subscription' }));
    expect((await screen.findByTestId('subscription-created')).textContent).toBe(
      'Now following ghost_user. Instagram could not be asked whether @ghost_user exists.',
    );
  });

  it('shows a subscription whose runs keep failing as Failing, and one with an unchecked session without its id', async () => {
    const failing: Subscription = {
      ...existing,
      id: 's3',
      target: 'no_such_user',
      sessionId: 'aaaaaaaa-0000-4000-8000-000000000000',
      flaggedReason: '3 runs in a row failed; last error NOT_FOUND: profile not found',
    };
    const fake = withEmptyLists(
      signedInFake().on(
        'GET /api/instagram/sessions',
        json(200, { items: [{ id: failing.sessionId, username: null, status: 'unverified' }], nextCursor: null }),
      ),
    ).on('GET /api/subscriptions', json(200, { items: [failing], nextCursor: null }));
    renderApp(fake, '/subscriptions');
    const item = await screen.findByTestId('subscription-item');
    expect(within(item).getByTestId('subscription-state').textContent).toBe('Failing');
    await waitFor(() => expect(within(item).getByText('an unchecked session')).toBeTruthy());
    expect(item.textContent).not.toContain('aaaaaaaa');
  });

  it('pauses with PATCH enabled=false, runs now and shows the run history', async () => {
    const fake = withEmptyLists(signedInFake())
      .on('GET /api/subscriptions', json(200, { items: [existing], nextCursor: null }))
      .on('PATCH /api/subscriptions/s1', (req) => json(200, { ...existing, ...(req.body as object) }))
      .on('POST /api/subscriptions/s1/run', json(202, { downloadId: 'd9' }))
      .on(
        'GET /api/subscriptions/s1/runs',
        json(200, {
          items: [
            {
              id: 'run1',
              status: 'failed',
              startedAt: '2024-05-01T10:00:00Z',
              error: { code: 'RATE_LIMITED', message: 'Instagram asked us to slow down.' },
            },
          ],
          nextCursor: null,
        }),
      );
    const { user } = renderApp(fake, '/subscriptions');
    const item = await screen.findByTestId('subscription-item');
    expect(within(item).getByText('Every 6 hours')).toBeTruthy();

    await user.click(within(item).getByRole('button', { name: 'Pause nasa' }));
    await waitFor(() => expect(item.getAttribute('data-enabled')).toBe('false'));
    expect(fake.calls('PATCH /api/subscriptions/s1')[0]?.body).toEqual({ enabled: false });
    expect(within(item).getByRole('button', { name: 'Resume nasa' })).toBeTruthy();

    await user.click(within(item).getByRole('button', { name: 'Run now for nasa' }));
    expect(await within(item).findByText('Run started; follow it in the Queue.')).toBeTruthy();

    await user.click(within(item).getByRole('button', { name: 'History of nasa' }));
    expect(await within(item).findByText('Instagram asked us to slow down.')).toBeTruthy();
  });

  it('edits without sending the target, and resumes a subscription the hub paused', async () => {
    const paused: Subscription = {
      ...existing,
      state: 'paused',
      pausedReason: 'The Instagram session expired. Add a new one, then resume.',
    };
    const fake = withEmptyLists(signedInFake())
      .on('GET /api/subscriptions', json(200, { items: [paused], nextCursor: null }))
      .on('PATCH /api/subscriptions/s1', (req) =>
        json(200, { ...paused, state: 'active', pausedReason: null, ...(req.body as object) }),
      );
    const { user } = renderApp(fake, '/subscriptions');
    const item = await screen.findByTestId('subscription-item');
    expect(within(item).getByText('The Instagram session expired. Add a new one, then resume.')).toBeTruthy();

    await user.click(within(item).getByRole('button', { name: 'Resume nasa' }));
    await waitFor(() => expect(fake.calls('PATCH /api/subscriptions/s1')).toHaveLength(1));
    expect(fake.calls('PATCH /api/subscriptions/s1')[0]?.body).toEqual({ resume: true });
    expect(await within(item).findByRole('button', { name: 'Pause nasa' })).toBeTruthy();

    await user.click(within(item).getByRole('button', { name: 'Edit nasa' }));
    const form = within(item).getByTestId('subscription-form');
    expect(within(form).getByLabelText('Profile to follow')).toHaveProperty('readOnly', true);
    await user.clear(within(form).getByLabelText('Interval'));
    await user.type(within(form).getByLabelText('Interval'), '12h');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(fake.calls('PATCH /api/subscriptions/s1')).toHaveLength(2));
    expect(fake.calls('PATCH /api/subscriptions/s1')[1]?.body).toEqual({
      include: ['posts'],
      schedule: { every: '12h' },
      sessionId: null,
      enabled: true,
    });
    expect(await within(item).findByText('Every 12 hours')).toBeTruthy();
  });
});
