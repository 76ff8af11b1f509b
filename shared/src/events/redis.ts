import { EventEmitter } from 'node:events';
import { lazyRequire } from '../lazy-require.js';

const ioredis = lazyRequire<typeof import('ioredis')>('ioredis');
import { eventSchemas, type EventBus, type EventName, type HubEvent } from './events.js';

/** Redis pub/sub event bus: every process of a distributed hub sees every event. */
export function createRedisEventBus(options: { redisUrl: string; prefix: string }): EventBus {
  const channel = `${options.prefix}:events`;
  const publisher = new (ioredis().Redis)(options.redisUrl, { maxRetriesPerRequest: 3 });
  const subscriber = new (ioredis().Redis)(options.redisUrl, { maxRetriesPerRequest: null });
  publisher.on('error', () => undefined);
  subscriber.on('error', () => undefined);
  const local = new EventEmitter();
  local.setMaxListeners(0);
  void subscriber.subscribe(channel).catch(() => undefined);
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const parsed = JSON.parse(message) as { name: EventName; data: unknown };
      const schema = eventSchemas[parsed.name];
      if (!schema) return;
      local.emit('event', { name: parsed.name, data: schema.parse(parsed.data) } as HubEvent);
    } catch {
      // ignore malformed messages from other versions
    }
  });
  return {
    async publish(name, data) {
      const payload = eventSchemas[name].parse(data);
      await publisher.publish(channel, JSON.stringify({ name, data: payload }));
    },
    subscribe(listener) {
      const safe = (event: HubEvent) => {
        try {
          listener(event);
        } catch {
          // a failing subscriber must not break delivery to others
        }
      };
      local.on('event', safe);
      return () => local.off('event', safe);
    },
    async close() {
      local.removeAllListeners();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
    },
  };
}
