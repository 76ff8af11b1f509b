import { EventEmitter } from 'node:events';
import { eventSchemas, type EventBus, type HubEvent } from './events.js';

/** In-process event bus for the embedded hub. */
export function createMemoryEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(name, data) {
      const event = { name, data: eventSchemas[name].parse(data) } as HubEvent;
      emitter.emit('event', event);
    },
    subscribe(listener) {
      const safe = (event: HubEvent) => {
        try {
          listener(event);
        } catch {
          // a failing subscriber must not break the publisher
        }
      };
      emitter.on('event', safe);
      return () => emitter.off('event', safe);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
