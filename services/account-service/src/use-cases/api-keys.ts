/** Personal API keys: shown once, stored as keyed hashes, resolved by the gateway through an internal route. */
import { randomUUID } from 'node:crypto';
import { notFound, ownerScope, type Clock, type EventBus, type Identity } from '@smh/shared';
import { API_KEY_PREFIX, newApiKey, type CredentialHasher } from '../domain/credentials.js';
import type { AccountsRepository, ApiKeyRecord } from '../repository/types.js';
import { toIdentity } from './identity.js';

const toPublicApiKey = (key: ApiKeyRecord) => ({
  id: key.id,
  ownerId: key.ownerId,
  name: key.name,
  createdAt: key.createdAt.toISOString(),
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
});

export function createApiKeys(deps: {
  repo: AccountsRepository;
  hasher: CredentialHasher;
  clock: Clock;
  events: EventBus;
}) {
  const { repo, hasher } = deps;
  return {
    async create(identity: Identity, name: string) {
      const key = newApiKey();
      const record = await repo.insertApiKey({
        id: randomUUID(),
        ownerId: identity.userId,
        name,
        hash: hasher.hashApiKey(key),
      });
      return { ...toPublicApiKey(record), key };
    },
    async list(identity: Identity) {
      return (await repo.listApiKeys(ownerScope(identity))).map(toPublicApiKey);
    },
    async remove(identity: Identity, id: string) {
      if (!(await repo.deleteApiKey(id, ownerScope(identity)))) throw notFound('API key');
      await deps.events.publish('credentials.revoked', { id, ownerId: identity.userId });
    },
    /** The identity behind a key, or null (unknown key, disabled user); records the use. */
    async verify(key: string): Promise<Identity | null> {
      if (!key.startsWith(API_KEY_PREFIX)) return null;
      const user = await repo.useApiKey(hasher.hashApiKey(key), deps.clock.now());
      return user ? toIdentity(user) : null;
    },
  };
}
export type ApiKeyUseCases = ReturnType<typeof createApiKeys>;
