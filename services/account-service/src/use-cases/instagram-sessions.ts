/** Linked Instagram sessions: import, validate against Instagram, store encrypted, hand out to services. */
import { randomUUID } from 'node:crypto';
import {
  badRequest,
  notFound,
  ownerScope,
  type Clock,
  type EventBus,
  type Identity,
  type InstagramSessionSecret,
} from '@smh/shared';
import type { SessionValidator } from '../adapters/instagram-validator.js';
import type { CookieMap, SessionCipher } from '../domain/session-crypto.js';
import type { AccountsRepository, InstagramSessionRecord, InstagramSessionStatus } from '../repository/types.js';
import type { PublicInstagramSession } from '../routes/schemas.js';

export const toPublicSession = (session: InstagramSessionRecord): PublicInstagramSession => ({
  id: session.id,
  ownerId: session.ownerId,
  username: session.username,
  status: session.status,
  statusReason: session.statusReason,
  createdAt: session.createdAt.toISOString(),
  lastCheckedAt: session.lastCheckedAt?.toISOString() ?? null,
});

export interface InstagramSessionDeps {
  repo: AccountsRepository;
  cipher: SessionCipher;
  validate: SessionValidator;
  events: EventBus;
  clock: Clock;
}

export function createInstagramSessions(deps: InstagramSessionDeps) {
  const { repo, cipher, clock } = deps;

  async function find(identity: Identity, id: string): Promise<InstagramSessionRecord> {
    const session = await repo.findSession(id, ownerScope(identity));
    if (!session) throw notFound('Instagram session');
    return session;
  }

  /** Records a new status; announces the moment a session stops working. */
  async function changeStatus(
    session: InstagramSessionRecord,
    status: InstagramSessionStatus,
    change: { reason?: string | null; username?: string | null; checked?: boolean },
  ) {
    const updated = await repo.updateSessionStatus(session.id, {
      status,
      reason: change.reason ?? null,
      ...(change.username === undefined ? {} : { username: change.username }),
      ...(change.checked ? { checkedAt: clock.now() } : {}),
    });
    if (!updated) throw notFound('Instagram session');
    // A checkpoint ("unverified") stops the session's downloads just like an expiry: both are told (notifications,
    // subscriptions), with the reason.
    if ((status === 'expired' || status === 'unverified') && session.status !== status) {
      await deps.events.publish('session.expired', {
        id: session.id,
        ownerId: session.ownerId,
        reason: change.reason ?? 'expired',
      });
    }
    return updated;
  }

  return {
    async link(identity: Identity, cookies: CookieMap): Promise<PublicInstagramSession> {
      const verdict = await deps.validate(cookies);
      // Instagram said no: a mistyped or signed-out sessionid is refused, never stored as an "expired" account.
      // A session that could not be checked (network, rate limit) is kept as unverified and checked later.
      if (verdict.status === 'expired') {
        throw badRequest(
          `Instagram does not accept this session (${verdict.reason}). Sign in to Instagram in your browser and copy the sessionid cookie again.`,
          undefined,
          'SESSION_REJECTED',
        );
      }
      const id = randomUUID();
      const session = await repo.insertSession({
        id,
        ownerId: identity.userId,
        username: verdict.status === 'active' ? verdict.username : null,
        status: verdict.status,
        encryptedCookies: cipher.encrypt(id, cookies),
        lastCheckedAt: clock.now(),
      });
      if (verdict.status === 'active') return toPublicSession(session);
      return toPublicSession(
        (await repo.updateSessionStatus(id, { status: verdict.status, reason: verdict.reason })) ?? session,
      );
    },
    async list(identity: Identity) {
      return (await repo.listSessions(ownerScope(identity))).map(toPublicSession);
    },
    async get(identity: Identity, id: string) {
      return toPublicSession(await find(identity, id));
    },
    async remove(identity: Identity, id: string) {
      if (!(await repo.deleteSession(id, ownerScope(identity)))) throw notFound('Instagram session');
    },
    async check(identity: Identity, id: string) {
      const session = await find(identity, id);
      const verdict = await deps.validate(cipher.decrypt(session.id, session.encryptedCookies));
      const updated =
        verdict.status === 'active'
          ? await changeStatus(session, 'active', { username: verdict.username, checked: true })
          : await changeStatus(session, verdict.status, { reason: verdict.reason, checked: true });
      return toPublicSession(updated);
    },
    /** For services (service token): the decrypted cookies. */
    async secret(id: string): Promise<InstagramSessionSecret> {
      const session = await repo.findSession(id, null);
      if (!session) throw notFound('Instagram session');
      return {
        id: session.id,
        ownerId: session.ownerId,
        username: session.username,
        status: session.status,
        cookies: cipher.decrypt(session.id, session.encryptedCookies),
      };
    },
    /** A service learned that a session stopped (or started again) working. */
    async reportStatus(id: string, status: InstagramSessionStatus, reason: string | undefined) {
      const session = await repo.findSession(id, null);
      if (!session) throw notFound('Instagram session');
      return toPublicSession(await changeStatus(session, status, { reason: reason ?? null }));
    },
  };
}
export type InstagramSessionUseCases = ReturnType<typeof createInstagramSessions>;
