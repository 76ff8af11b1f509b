/** Targets and deliveries → the JSON users see: secrets never leave, only `hasSecret`. */
import type { z } from 'zod';
import type { Delivery, Target } from './repository.js';
import { SECRET_FIELDS, type deliveryResponseSchema, type targetResponseSchema } from './schemas.js';

export function presentTarget(target: Target): z.infer<typeof targetResponseSchema> {
  const secretFields = SECRET_FIELDS[target.type];
  const settings: Record<string, string | number | boolean> = {};
  let hasSecret = target.secret !== null;
  for (const [key, value] of Object.entries(target.config)) {
    if (value === undefined || value === null) continue;
    if (secretFields.includes(key)) hasSecret = true;
    else if (key !== 'url' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'))
      settings[key] = value;
  }
  const url = typeof target.config.url === 'string' && !secretFields.includes('url') ? target.config.url : undefined;
  return {
    id: target.id,
    ownerId: target.ownerId,
    type: target.type,
    name: target.name,
    events: target.events,
    ...(url ? { url } : {}),
    settings,
    hasSecret,
    createdAt: target.createdAt.toISOString(),
    updatedAt: target.updatedAt.toISOString(),
  };
}

export function presentDelivery(delivery: Delivery): z.infer<typeof deliveryResponseSchema> {
  return {
    id: delivery.id,
    targetId: delivery.targetId,
    event: delivery.event,
    status: delivery.status,
    ...(delivery.httpStatus === null ? {} : { httpStatus: delivery.httpStatus }),
    attempts: delivery.attempts,
    ...(delivery.lastError ? { lastError: delivery.lastError } : {}),
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}
