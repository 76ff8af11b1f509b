import { createMemoryEventBus } from './memory.js';
import { createRedisEventBus } from './redis.js';
import type { EventBus } from './events.js';

export * from './events.js';
export { createMemoryEventBus } from './memory.js';
export { createRedisEventBus } from './redis.js';

export function openEventBus(options: { redisUrl?: string; redisPrefix: string }): EventBus {
  return options.redisUrl
    ? createRedisEventBus({ redisUrl: options.redisUrl, prefix: options.redisPrefix })
    : createMemoryEventBus();
}
