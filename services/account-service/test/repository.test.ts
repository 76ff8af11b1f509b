/** The accounts repository on both engines: PGlite (embedded) and the real PostgreSQL server. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, type Database } from '@smh/shared';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable } from '@smh/shared/testing';
import { createSqlAccountsRepository } from '../src/repository/sql-repository.js';
import { LastAdminError, UsernameTakenError, type AccountsRepository } from '../src/repository/types.js';

describe.each(DATABASE_KINDS)('accounts repository on %s', (kind) => {
  const available = kind === 'pglite' || postgresAvailable;
  let db: Database;
  let drop: () => Promise<void>;
  let repo: AccountsRepository;
  beforeAll(async () => {
    if (!available) return;
    ({ db, drop } = await createTestDatabase(kind));
    await migrate(db, 'account-service', await loadMigrations(new URL('../migrations', import.meta.url).pathname));
    repo = createSqlAccountsRepository(db);
  });
  afterAll(async () => {
    if (available) await drop();
  });
  const firstIsAdmin = (count: number) => (count === 0 ? ('admin' as const) : ('user' as const));
  const user = (username: string) => ({ id: randomUUID(), username, passwordHash: 'x' });

  it.runIf(available)(
    'makes exactly one admin out of concurrent first inserts, and refuses a taken name in any case',
    async () => {
      const users = await Promise.all(
        Array.from({ length: 6 }, (_, i) => repo.insertUser(user(`racer${i}`), firstIsAdmin)),
      );
      expect(users.filter((u) => u.role === 'admin')).toHaveLength(1);
      await expect(repo.insertUser(user('RACER0'), firstIsAdmin)).rejects.toBeInstanceOf(UsernameTakenError);
      expect(await repo.countUsers()).toBe(6);
      expect((await repo.findUserByUsername('Racer3'))?.username).toBe('racer3');
    },
  );

  it.runIf(available)('keeps at least one active admin, even under concurrent demotions', async () => {
    const admins = await repo.listUsers();
    const [first, second] = admins;
    await repo.updateUser(second!.id, { role: 'admin' });
    const results = await Promise.allSettled([
      repo.updateUser(first!.id, { disabled: true }),
      repo.updateUser(second!.id, { role: 'user' }),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(LastAdminError);
    const activeAdmins = (await repo.listUsers()).filter((u) => u.role === 'admin' && !u.disabled);
    expect(activeAdmins).toHaveLength(1);
  });

  it.runIf(available)('rotates a refresh token once; a second rotation of it revokes the family', async () => {
    const [owner] = await repo.listUsers();
    const now = new Date();
    const later = new Date(now.getTime() + 60_000);
    await repo.insertRefreshToken({ hash: 'h1', familyId: randomUUID(), userId: owner!.id, expiresAt: later });
    const [a, b] = await Promise.all([
      repo.rotateRefreshToken('h1', { hash: 'h2', expiresAt: later }, now),
      repo.rotateRefreshToken('h1', { hash: 'h3', expiresAt: later }, now),
    ]);
    expect([a.kind, b.kind].sort()).toEqual(['reused', 'rotated']);
    const survivor = a.kind === 'rotated' ? 'h2' : 'h3';
    expect((await repo.rotateRefreshToken(survivor, { hash: 'h4', expiresAt: later }, now)).kind).toBe('reused');
    expect((await repo.rotateRefreshToken('nope', { hash: 'h5', expiresAt: later }, now)).kind).toBe('unknown');
    await repo.insertRefreshToken({
      hash: 'old',
      familyId: randomUUID(),
      userId: owner!.id,
      expiresAt: new Date(now.getTime() - 1),
    });
    expect((await repo.rotateRefreshToken('old', { hash: 'h6', expiresAt: later }, now)).kind).toBe('expired');
  });

  it.runIf(available)('scopes API keys and sessions to their owner and round-trips encrypted bytes', async () => {
    // Which user the concurrent-demotion test above left disabled (if any) depends on who won the race: this test
    // makes its own disabled user and two active ones.
    const disabled = await repo.insertUser(user('keys-disabled'), firstIsAdmin);
    await repo.updateUser(disabled.id, { disabled: true });
    const alice = await repo.insertUser(user('keys-alice'), firstIsAdmin);
    const bob = await repo.insertUser(user('keys-bob'), firstIsAdmin);
    await repo.insertApiKey({ id: randomUUID(), ownerId: disabled!.id, name: 'k', hash: 'disabledhash' });
    expect(await repo.useApiKey('disabledhash', new Date())).toBeUndefined();
    const key = await repo.insertApiKey({ id: randomUUID(), ownerId: alice!.id, name: 'k', hash: 'keyhash' });
    expect(await repo.listApiKeys(bob!.id)).toEqual([]);
    expect(await repo.deleteApiKey(key.id, bob!.id)).toBe(false);
    expect((await repo.useApiKey('keyhash', new Date()))?.id).toBe(alice!.id);
    expect((await repo.listApiKeys(alice!.id))[0]?.lastUsedAt).toBeInstanceOf(Date);

    const blob = Buffer.from([1, 0, 255, 128, 7]);
    const session = await repo.insertSession({
      id: randomUUID(),
      ownerId: alice!.id,
      username: null,
      status: 'unverified',
      encryptedCookies: blob,
      lastCheckedAt: null,
    });
    expect(session.encryptedCookies.equals(blob)).toBe(true);
    expect(await repo.findSession(session.id, bob!.id)).toBeUndefined();
    const updated = await repo.updateSessionStatus(session.id, {
      status: 'active',
      username: 'insta',
      checkedAt: new Date(),
    });
    expect(updated).toMatchObject({ status: 'active', username: 'insta', statusReason: null });
    const expired = await repo.updateSessionStatus(session.id, { status: 'expired', reason: 'gone' });
    expect(expired).toMatchObject({ status: 'expired', username: 'insta', statusReason: 'gone' });
    expect(await repo.deleteSession(session.id, bob!.id)).toBe(false);
    expect(await repo.deleteSession(session.id, null)).toBe(true);
  });

  it.runIf(available)(
    'revokes one family or all of a user, changes a password, and lists sessions by scope',
    async () => {
      const carol = await repo.insertUser(user('revoke-carol'), firstIsAdmin);
      const dave = await repo.insertUser(user('revoke-dave'), firstIsAdmin);
      const now = new Date();
      const later = new Date(now.getTime() + 60_000);
      const [familyA, familyB] = [randomUUID(), randomUUID()];
      await repo.insertRefreshToken({ hash: 'ca', familyId: familyA, userId: carol.id, expiresAt: later });
      await repo.insertRefreshToken({ hash: 'cb', familyId: familyB, userId: carol.id, expiresAt: later });
      await repo.insertRefreshToken({ hash: 'da', familyId: randomUUID(), userId: dave.id, expiresAt: later });
      expect(await repo.revokeFamilyOf('nobody', now)).toBe(false);
      expect(await repo.revokeFamilyOf('ca', now)).toBe(true);
      expect((await repo.rotateRefreshToken('ca', { hash: 'ca2', expiresAt: later }, now)).kind).toBe('reused');
      expect((await repo.rotateRefreshToken('cb', { hash: 'cb2', expiresAt: later }, now)).kind).toBe('rotated');
      await repo.revokeAllRefreshTokens(carol.id, now);
      expect((await repo.rotateRefreshToken('cb2', { hash: 'cb3', expiresAt: later }, now)).kind).toBe('reused');
      expect((await repo.rotateRefreshToken('da', { hash: 'da2', expiresAt: later }, now)).kind).toBe('rotated');

      await repo.setPasswordHash(dave.id, "new'hash");
      expect((await repo.findUserById(dave.id))?.passwordHash).toBe("new'hash");
      expect((await repo.findUserById(carol.id))?.passwordHash).toBe('x');
      expect(await repo.findUserById(randomUUID())).toBeUndefined();

      const session = (ownerId: string) => ({
        id: randomUUID(),
        ownerId,
        username: null,
        status: 'unverified' as const,
        encryptedCookies: Buffer.from([9]),
        lastCheckedAt: null,
      });
      const mine = await repo.insertSession(session(carol.id));
      const theirs = await repo.insertSession(session(dave.id));
      expect((await repo.listSessions(carol.id)).map((s) => s.id)).toEqual([mine.id]);
      const all = (await repo.listSessions(null)).map((s) => s.id);
      expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    },
  );
});
