/** The request each target type is sent, as data (the delivery tests send them to real local servers). */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NotificationMessage } from '../src/notifications/repository.js';
import { presentTarget } from '../src/notifications/present.js';
import { buildSend, describe as describeMessage } from '../src/notifications/senders.js';
import { schedulerOptionsFromEnv } from '../src/options.js';

const message: NotificationMessage = {
  event: 'media.new',
  occurredAt: '2026-12-01T10:00:00.000Z',
  data: { source: 'subscription', username: 'natgeo', count: 3, fileIds: ['a', 'b', 'c'] },
};
const TS = 1_800_000_000;

describe('buildSend', () => {
  it('webhook: the JSON event, signed over timestamp + "." + body', () => {
    const spec = buildSend('webhook', { url: 'https://example.test/hook' }, 'whsec_x', message, TS);
    expect(spec).toMatchObject({ kind: 'http', method: 'POST', url: 'https://example.test/hook' });
    if (spec.kind !== 'http') throw new Error('expected http');
    expect(JSON.parse(spec.body)).toEqual(message);
    expect(spec.headers).toMatchObject({
      'content-type': 'application/json',
      'x-smh-event': 'media.new',
      'x-smh-timestamp': String(TS),
      'x-smh-signature': `sha256=${createHmac('sha256', 'whsec_x').update(`${TS}.${spec.body}`).digest('hex')}`,
    });
  });

  it('ntfy, gotify, discord, slack, telegram', () => {
    expect(buildSend('ntfy', { url: 'https://ntfy.sh/smh', token: 'tk' }, null, message, TS)).toEqual({
      kind: 'http',
      method: 'POST',
      url: 'https://ntfy.sh/smh',
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        title: '3 new files from @natgeo',
        tags: 'media.new',
        authorization: 'Bearer tk',
      },
      body: 'Social Media Hub archived 3 new files from @natgeo.',
    });
    const gotify = buildSend('gotify', { url: 'https://gotify.test/', token: 'app' }, null, message, TS);
    expect(gotify).toMatchObject({ url: 'https://gotify.test/message', headers: { 'x-gotify-key': 'app' } });
    expect(JSON.parse((gotify as { body: string }).body)).toEqual({
      title: '3 new files from @natgeo',
      message: 'Social Media Hub archived 3 new files from @natgeo.',
      priority: 4,
    });
    const discord = buildSend('discord', { url: 'https://discord.test/api/webhooks/1/x' }, null, message, TS);
    expect(JSON.parse((discord as { body: string }).body)).toEqual({
      content: '**3 new files from @natgeo**\nSocial Media Hub archived 3 new files from @natgeo.',
    });
    const slack = buildSend('slack', { url: 'https://hooks.slack.test/x' }, null, message, TS);
    expect(JSON.parse((slack as { body: string }).body)).toEqual({
      text: '*3 new files from @natgeo*\nSocial Media Hub archived 3 new files from @natgeo.',
    });
    const telegram = buildSend(
      'telegram',
      { botToken: '123:abc', chatId: '42', apiUrl: 'https://api.telegram.org/' },
      null,
      { event: 'session.expired', occurredAt: message.occurredAt, data: { sessionId: 's', reason: 'checkpoint' } },
      TS,
    );
    expect(telegram).toMatchObject({ url: 'https://api.telegram.org/bot123:abc/sendMessage' });
    expect(JSON.parse((telegram as { body: string }).body)).toMatchObject({
      chat_id: '42',
      text: expect.stringContaining('Instagram session expired'),
    });
  });

  it('email: a transport and a message', () => {
    const spec = buildSend(
      'email',
      { host: 'smtp.test', port: 465, secure: true, username: 'u', password: 'p', from: 'a@x.test', to: 'b@x.test' },
      null,
      message,
      TS,
    );
    expect(spec).toMatchObject({
      kind: 'email',
      transport: { host: 'smtp.test', port: 465, secure: true, auth: { user: 'u', pass: 'p' } },
      mail: { from: 'a@x.test', to: 'b@x.test', subject: '[Social Media Hub] 3 new files from @natgeo' },
    });
  });
});

describe('describe', () => {
  it('names a site subscription by its page URL, without the "@" of an Instagram username', () => {
    const site = { ...message, data: { ...message.data, username: 'https://tube.example.org/c/fish' } };
    expect(describeMessage(site).title).toBe('3 new files from https://tube.example.org/c/fish');
    expect(describeMessage(message).title).toBe('3 new files from @natgeo');
  });
});

describe('presentTarget', () => {
  it('never shows secret fields', () => {
    const base = { id: 'i', ownerId: 'o', name: 'n', events: [], createdAt: new Date(0), updatedAt: new Date(0) };
    const discord = presentTarget({
      ...base,
      type: 'discord',
      config: { url: 'https://discord.test/secret' },
      secret: null,
    });
    expect(JSON.stringify(discord)).not.toContain('secret');
    expect(discord.hasSecret).toBe(true);
    const telegram = presentTarget({
      ...base,
      type: 'telegram',
      config: { botToken: '123:abc', chatId: '42', apiUrl: 'https://api.telegram.org' },
      secret: null,
    });
    expect(JSON.stringify(telegram)).not.toContain('123:abc');
    expect(telegram.settings).toEqual({ chatId: '42', apiUrl: 'https://api.telegram.org' });
    const webhook = presentTarget({ ...base, type: 'webhook', config: { url: 'https://x.test/h' }, secret: 'whsec_1' });
    expect(webhook).toMatchObject({ url: 'https://x.test/h', hasSecret: true });
    expect(JSON.stringify(webhook)).not.toContain('whsec_1');
  });
});

describe('SMH_NOTIFY_DISK_FREE_MIN_MB', () => {
  it('sets the disk.low threshold in megabytes and names a bad value', () => {
    expect(schedulerOptionsFromEnv({ SMH_NOTIFY_DISK_FREE_MIN_MB: '2048' })).toEqual({
      diskFreeMinBytes: 2048 * 1024 ** 2,
    });
    expect(() => schedulerOptionsFromEnv({ SMH_NOTIFY_DISK_FREE_MIN_MB: 'lots' })).toThrow(
      /SMH_NOTIFY_DISK_FREE_MIN_MB/,
    );
  });
});
