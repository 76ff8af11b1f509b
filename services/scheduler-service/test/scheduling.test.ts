/** The scheduler against a real database (PGlite and PostgreSQL) and a fake download-service over HTTP. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DATABASE_KINDS, postgresAvailable } from '@smh/shared/testing';
import { jitterMs } from '../src/domain/schedule.js';
import { claimDueRuns } from '../src/scheduler/claim.js';
import { createHarness, runRows, setNextRun, subscriptionRow, type Harness } from './support/harness.js';

const MINUTE = 60_000;
const waitFor = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 5_000, interval: 10 });

describe.each(DATABASE_KINDS)('scheduler on %s', (kind) => {
  const enabled = kind === 'pglite' || postgresAvailable;
  let h: Harness;

  beforeEach(async () => {
    if (enabled) h = await createHarness(kind);
  });
  afterEach(async () => {
    if (enabled) await h.close();
  });

  it.runIf(enabled)(
    'fires on schedule, asks for an incremental profile sync and records the completion event',
    async () => {
      const service = await h.startInstance();
      const created = await h.subscribe(service, {
        target: 'https://www.instagram.com/NatGeo/',
        include: ['posts', 'reels'],
        schedule: { every: '1m' },
      });
      const jitter = jitterMs(created.id, MINUTE);
      expect(new Date(created.nextRunAt).getTime()).toBe(h.clock.now().getTime() + jitter);
      await service.start!();

      h.clock.advance(jitter);
      await waitFor(() => expect(h.fake.calls).toHaveLength(1));
      const [call] = h.fake.calls;
      const [firstRun] = await runRows(h.context.db, created.id);
      expect(call).toEqual({
        ownerId: 'user-alice',
        url: 'https://www.instagram.com/natgeo/',
        include: ['posts', 'reels'],
        sessionId: null,
        subscriptionId: created.id,
        incremental: true,
        idempotencyKey: firstRun!.id,
      });

      const downloadId = [...h.fake.downloads.keys()][0]!;
      await waitFor(async () =>
        expect((await runRows(h.context.db, created.id))[0]).toMatchObject({
          status: 'running',
          download_id: downloadId,
        }),
      );
      await h.fake.complete(downloadId, ['f1', 'f2', 'f3']);
      await service.scheduler.settled();
      expect((await runRows(h.context.db, created.id))[0]).toMatchObject({ status: 'completed', new_files: 3 });

      // Not due yet half an interval later; due again one interval after the first run.
      h.clock.advance(MINUTE / 2);
      await service.scheduler.tick();
      expect(h.fake.calls).toHaveLength(1);
      h.clock.advance(MINUTE / 2 + jitter);
      await waitFor(() => expect(h.fake.calls).toHaveLength(2));
      await waitFor(async () => expect((await runRows(h.context.db, created.id))[1]!.status).toBe('running'));

      const history = await service.app.inject({
        method: 'GET',
        url: `/api/subscriptions/${created.id}/runs`,
        headers: await h.headers({ userId: 'user-alice', username: 'alice', role: 'user' }),
      });
      const items = history.json().items;
      expect(items).toHaveLength(2);
      expect(items[1]).toMatchObject({
        status: 'completed',
        downloadId,
        newFiles: 3,
        trigger: 'schedule',
        error: null,
      });
      expect(items[1].finishedAt).not.toBeNull();
      expect(h.runEvents.filter((event) => event.subscriptionId === created.id).map((event) => event.status)).toEqual([
        'started',
        'completed',
        'started',
      ]);
      expect(h.runEvents[1]).toMatchObject({ id: firstRun!.id, ownerId: 'user-alice', downloadId, newFiles: 3 });
      const metrics = await service.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/smh_subscription_runs_total\{status="started",service="scheduler-service"\} 2/);
      expect(metrics.body).toMatch(/smh_subscription_runs_total\{status="completed",service="scheduler-service"\} 1/);
    },
  );

  it.runIf(enabled)('counts as new only the files this subscription had not brought in before', async () => {
    const service = await h.startInstance();
    await service.start!();
    const { id } = await h.subscribe(service, { target: 'natgeo', schedule: { every: '10m' } });
    const newFilesOfRun = async (index: number, fileIds: string[]) => {
      h.clock.set((await subscriptionRow(h.context.db, id)).next_run_at);
      await waitFor(() => expect(h.fake.calls).toHaveLength(index + 1));
      const downloadId = [...h.fake.downloads.keys()][index]!;
      await waitFor(async () => expect((await runRows(h.context.db, id))[index]!.download_id).toBe(downloadId));
      await h.fake.complete(downloadId, fileIds);
      await service.scheduler.settled();
      return (await runRows(h.context.db, id))[index]!.new_files;
    };
    expect(await newFilesOfRun(0, ['profile-pic', 'post-1', 'post-2'])).toBe(3);
    // download-service lists the already archived profile picture again, plus one new post
    expect(await newFilesOfRun(1, ['profile-pic', 'post-3'])).toBe(1);
    expect(await newFilesOfRun(2, ['profile-pic'])).toBe(0);
    expect(h.runEvents.filter((event) => event.status === 'completed').map((event) => event.newFiles)).toEqual([
      3, 1, 0,
    ]);
  });

  it.runIf(enabled)(
    'runs a subscription ONCE after being down for several intervals, then counts from now',
    async () => {
      const service = await h.startInstance();
      const { id } = await h.subscribe(service, { target: 'natgeo', schedule: { every: '10m' } });
      h.clock.advance(5 * 10 * MINUTE + 7_000); // five slots missed while "down"
      const now = h.clock.now();
      expect((await service.scheduler.tick()).sent).toBe(1);
      expect((await service.scheduler.tick()).sent).toBe(0);
      expect(h.fake.calls).toHaveLength(1);
      expect((await subscriptionRow(h.context.db, id)).next_run_at.getTime()).toBe(
        now.getTime() + 10 * MINUTE + jitterMs(id, 10 * MINUTE),
      );
    },
  );

  it.runIf(enabled)('a restart between recording a run and sending it neither loses nor repeats it', async () => {
    const first = await h.startInstance();
    const { id } = await h.subscribe(first, { target: 'natgeo', schedule: { every: '10m' } });
    h.clock.advance(MINUTE);
    // The first instance records the run (committed) and "crashes" before asking download-service.
    const claimed = await claimDueRuns(h.context.db, h.clock.now(), first.options);
    expect(claimed.toDispatch).toHaveLength(1);
    await first.app.close();

    const second = await h.startInstance();
    await second.scheduler.tick();
    expect(h.fake.calls).toHaveLength(0); // the dead instance's lease still holds, and the slot is not claimed again
    h.clock.advance(first.options.dispatchLeaseMs);
    const summary = await second.scheduler.tick();
    expect(summary).toMatchObject({ sent: 0, resent: 1 });
    await second.scheduler.tick();
    expect(h.fake.calls).toHaveLength(1);
    expect(h.fake.calls[0]!.idempotencyKey).toBe(claimed.toDispatch[0]!.run.id);
    expect(await runRows(h.context.db, id)).toEqual([
      expect.objectContaining({ status: 'running', dispatch_attempts: 2 }),
    ]);
  });

  it.runIf(enabled)(
    'a restart while a run is out picks up the outcome it missed, and the next slot runs once',
    async () => {
      const first = await h.startInstance();
      const { id } = await h.subscribe(first, { target: 'natgeo', schedule: { every: '10m' } });
      h.clock.advance(MINUTE);
      await first.scheduler.tick();
      expect(h.fake.calls).toHaveLength(1);
      await first.stop!();
      await first.app.close();

      const downloadId = [...h.fake.downloads.keys()][0]!;
      await h.fake.complete(downloadId, ['a', 'b']); // finishes while the scheduler is down: nobody hears the event
      expect((await runRows(h.context.db, id))[0]!.status).toBe('running');

      const second = await h.startInstance();
      await second.start!(); // reconciles running runs with download-service
      await waitFor(async () =>
        expect((await runRows(h.context.db, id))[0]).toMatchObject({ status: 'completed', new_files: 2 }),
      );
      expect(h.fake.calls).toHaveLength(1);
      h.clock.advance(10 * MINUTE + MINUTE);
      await waitFor(() => expect(h.fake.calls).toHaveLength(2));
      await second.scheduler.tick();
      expect(h.fake.calls).toHaveLength(2);
      expect((await runRows(h.context.db, id)).map((run) => run.trigger)).toEqual(['schedule', 'schedule']);
    },
  );

  it.runIf(enabled)("keeps a completion that overtakes download-service's answer", async () => {
    const service = await h.startInstance();
    await service.start!();
    h.fake.mode = 'complete-before-answer';
    h.fake.autoFiles = 4;
    const { id } = await h.subscribe(service, { target: 'natgeo', schedule: { every: '10m' } });
    h.clock.advance(MINUTE);
    await waitFor(async () =>
      expect((await runRows(h.context.db, id))[0]).toMatchObject({ status: 'completed', new_files: 4 }),
    );
  });

  it.runIf(enabled)('skips a slot while the previous run is still out', async () => {
    const service = await h.startInstance();
    const { id } = await h.subscribe(service, { target: 'natgeo', schedule: { every: '10m' } });
    h.clock.advance(MINUTE);
    await service.scheduler.tick();
    h.clock.advance(11 * MINUTE);
    expect(await service.scheduler.tick()).toMatchObject({ sent: 0, skipped: 1 });
    expect(h.fake.calls).toHaveLength(1);
    expect((await runRows(h.context.db, id)).map((run) => [run.status, run.error_code])).toEqual([
      ['running', null],
      ['skipped', 'PREVIOUS_RUN_OPEN'],
    ]);
    expect(h.runEvents.map((event) => event.status)).toEqual(['started', 'skipped']);
  });

  it.runIf(enabled)('failing runs back off exponentially, get flagged, and a success clears it', async () => {
    const service = await h.startInstance({ flagAfterFailures: 3 });
    await service.start!();
    const { id } = await h.subscribe(service, { target: 'natgeo', schedule: { every: '10m' } });
    const interval = 10 * MINUTE;
    const jitter = jitterMs(id, interval);
    let previousDownloads = 0;
    for (let failures = 1; failures <= 3; failures += 1) {
      h.clock.set((await subscriptionRow(h.context.db, id)).next_run_at);
      await service.scheduler.tick();
      expect(h.fake.calls).toHaveLength(previousDownloads + 1);
      const downloadId = [...h.fake.downloads.keys()][previousDownloads]!;
      previousDownloads += 1;
      await h.fake.fail(downloadId, { code: 'PRIVATE_PROFILE', message: 'This account is private' });
      await service.scheduler.settled();
      const row = await subscriptionRow(h.context.db, id);
      expect(row.consecutive_failures).toBe(failures);
      // next run after f failures: 2^f intervals from the failure, plus the subscription's jitter
      expect(row.next_run_at.getTime()).toBe(h.clock.now().getTime() + 2 ** failures * interval + jitter);
      expect(row.flagged_reason === null).toBe(failures < 3);
    }
    const flagged = (
      await service.app.inject({
        method: 'GET',
        url: `/api/subscriptions/${id}`,
        headers: await h.headers({ userId: 'user-alice', username: 'alice', role: 'user' }),
      })
    ).json();
    expect(flagged).toMatchObject({ flagged: true, consecutiveFailures: 3, state: 'active' });
    expect(flagged.flaggedReason).toContain('PRIVATE_PROFILE');

    h.clock.set((await subscriptionRow(h.context.db, id)).next_run_at);
    await service.scheduler.tick();
    await h.fake.complete([...h.fake.downloads.keys()][3]!, []);
    await service.scheduler.settled();
    expect(await subscriptionRow(h.context.db, id)).toMatchObject({ consecutive_failures: 0, flagged_reason: null });
  });

  it.runIf(enabled)('an expired session pauses the subscriptions using it until they are resumed', async () => {
    const service = await h.startInstance();
    await service.start!();
    const session = '6f1d3c1e-0000-4000-8000-000000000001';
    const a = await h.subscribe(service, { target: 'one', schedule: { every: '10m' }, sessionId: session });
    const b = await h.subscribe(service, { target: 'two', schedule: { every: '10m' }, sessionId: session });
    const c = await h.subscribe(service, { target: 'three', schedule: { every: '10m' } });
    await h.context.events.publish('session.expired', {
      id: session,
      ownerId: 'user-alice',
      reason: 'Instagram logged the session out',
    });
    await service.scheduler.settled();

    h.clock.advance(MINUTE);
    await waitFor(() => expect(h.fake.calls).toHaveLength(1));
    await service.scheduler.tick();
    expect(h.fake.calls.map((call) => call.subscriptionId)).toEqual([c.id]);
    const headers = await h.headers({ userId: 'user-alice', username: 'alice', role: 'user' });
    const paused = (await service.app.inject({ method: 'GET', url: `/api/subscriptions/${a.id}`, headers })).json();
    expect(paused).toMatchObject({ state: 'paused', nextRunAt: null });
    expect(paused.pausedReason).toContain(`session ${session} expired`);
    expect(paused.pausedReason).toContain('Instagram logged the session out');

    const resumed = await service.app.inject({
      method: 'PATCH',
      url: `/api/subscriptions/${a.id}`,
      headers,
      payload: { resume: true },
    });
    expect(resumed.json()).toMatchObject({ state: 'active', pausedReason: null });
    await waitFor(() => expect(h.fake.calls.map((call) => call.subscriptionId)).toContain(a.id));
    expect(h.fake.calls.map((call) => call.subscriptionId)).not.toContain(b.id);
  });

  it.runIf(enabled)('a download failing with LOGIN_REQUIRED pauses every subscription on that session', async () => {
    const service = await h.startInstance();
    const session = '6f1d3c1e-0000-4000-8000-000000000002';
    const a = await h.subscribe(service, { target: 'one', schedule: { every: '10m' }, sessionId: session });
    const b = await h.subscribe(service, { target: 'two', schedule: { every: '10m' }, sessionId: session });
    await setNextRun(h.context.db, b.id, new Date(h.clock.now().getTime() + 5 * MINUTE));
    h.clock.advance(MINUTE);
    await service.scheduler.tick();
    expect(h.fake.calls.map((call) => call.subscriptionId)).toEqual([a.id]);
    await service.start!();
    await h.fake.fail([...h.fake.downloads.keys()][0]!, { code: 'LOGIN_REQUIRED', message: 'Instagram wants a login' });
    await service.scheduler.settled();
    for (const id of [a.id, b.id])
      expect((await subscriptionRow(h.context.db, id)).paused_reason).toContain('LOGIN_REQUIRED');
    h.clock.advance(30 * MINUTE);
    await service.scheduler.tick();
    expect(h.fake.calls).toHaveLength(1);
  });

  it.runIf(enabled)(
    'retries when download-service is unavailable, with the same idempotency key, then gives up',
    async () => {
      const service = await h.startInstance({ maxDispatchAttempts: 3 });
      const { id } = await h.subscribe(service, { target: 'natgeo', schedule: { every: '10m' } });
      h.fake.mode = 'unavailable';
      h.clock.advance(MINUTE);
      await service.scheduler.tick();
      expect((await runRows(h.context.db, id))[0]).toMatchObject({ status: 'pending', dispatch_attempts: 1 });
      h.clock.advance(1_000); // dispatchRetryMs
      await service.scheduler.tick();
      expect((await runRows(h.context.db, id))[0]).toMatchObject({ status: 'pending', dispatch_attempts: 2 });
      h.fake.mode = 'accept';
      h.clock.advance(1_000); // not yet: the second retry waits twice as long
      await service.scheduler.tick();
      expect(h.fake.calls).toHaveLength(0);
      h.clock.advance(1_000);
      await service.scheduler.tick();
      expect(h.fake.calls).toHaveLength(1);
      expect(h.fake.refused.map((call) => call.idempotencyKey)).toEqual([
        h.fake.calls[0]!.idempotencyKey,
        h.fake.calls[0]!.idempotencyKey,
      ]);
      expect((await runRows(h.context.db, id))[0]).toMatchObject({ status: 'running', dispatch_attempts: 3 });

      const other = await h.subscribe(service, { target: 'other', schedule: { every: '10m' } });
      h.fake.mode = 'unavailable';
      h.clock.advance(MINUTE);
      for (let i = 0; i < 3; i += 1) {
        await service.scheduler.tick();
        h.clock.advance(4_000);
      }
      expect((await runRows(h.context.db, other.id))[0]).toMatchObject({
        status: 'failed',
        error_code: 'UNAVAILABLE',
        dispatch_attempts: 3,
      });
      expect((await subscriptionRow(h.context.db, other.id)).consecutive_failures).toBe(1);
    },
  );
});
