import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json } from '../../test/fakeFetch.ts';
import { renderApp, signedInFake, withEmptyLists } from '../../test/renderApp.tsx';

const target = {
  id: 't1',
  ownerId: 'u1',
  type: 'webhook',
  name: 'my hook',
  events: ['media.new'],
  url: 'https://hooks.example.test/smh',
  settings: {},
  hasSecret: true,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('Notifications', () => {
  it('adds a webhook (showing its secret once), sends a test and shows the delivery log', async () => {
    let added = false;
    let tested = false;
    const delivery = {
      id: 'd1',
      targetId: 't1',
      event: 'test',
      status: 'delivered',
      httpStatus: 204,
      attempts: 2,
      createdAt: target.createdAt,
    };
    const fake = withEmptyLists(signedInFake())
      .on('GET /api/notifications/targets', () => json(200, { items: added ? [target] : [], nextCursor: null }))
      .on('GET /api/notifications/deliveries', () => json(200, { items: tested ? [delivery] : [], nextCursor: null }))
      .on('POST /api/notifications/targets', (req) => {
        added = true;
        return json(201, { ...target, ...(req.body as object), secret: 'whsec_abc' });
      });
    const { user } = renderApp(fake, '/notifications');
    expect(await screen.findByText('No notification targets yet')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Notifications' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Add target' }));
    expect(screen.getByText('Enter the webhook url.')).toBeTruthy();
    await user.type(screen.getByLabelText('Webhook URL'), 'hooks.example.test');
    await user.click(screen.getByRole('button', { name: 'Add target' }));
    expect(screen.getByText('Enter an http:// or https:// address.')).toBeTruthy();
    expect(fake.calls('POST /api/notifications/targets')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Webhook URL'));
    await user.type(screen.getByLabelText('Webhook URL'), 'https://hooks.example.test/smh');
    for (const name of ['Download failed', 'Subscription failed or flagged', 'Instagram session expired'])
      await user.click(screen.getByRole('checkbox', { name }));
    fake.on('POST /api/notifications/targets/t1/test', () => {
      tested = true;
      return json(202, { deliveryId: 'd1', status: 'pending' });
    });
    await user.click(screen.getByRole('button', { name: 'Add target' }));
    await waitFor(() => expect(fake.calls('POST /api/notifications/targets')).toHaveLength(1));
    expect(fake.calls('POST /api/notifications/targets')[0]?.body).toEqual({
      type: 'webhook',
      url: 'https://hooks.example.test/smh',
      events: ['media.new'],
    });
    expect(within(await screen.findByTestId('webhook-secret')).getByText('whsec_abc')).toBeTruthy();

    await user.click(await screen.findByRole('button', { name: 'Send a test to my hook' }));
    await waitFor(() => expect(fake.calls('POST /api/notifications/targets/t1/test')).toHaveLength(1));
    const row = await screen.findByTestId('delivery-row');
    expect(within(row).getByText('204')).toBeTruthy();
    expect(within(row).getByText('delivered')).toBeTruthy();
    expect(within(row).getByText('my hook')).toBeTruthy();
  });
});
