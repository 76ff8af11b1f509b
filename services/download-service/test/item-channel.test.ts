import { describe, expect, it } from 'vitest';
import { ItemChannel } from '../src/jobs/item-channel.js';

describe('ItemChannel', () => {
  it('holds at most `capacity` items: a push beyond waits until a consumer takes one', async () => {
    const channel = new ItemChannel<number>(2);
    await channel.push(1);
    await channel.push(2);
    let third = false;
    const pushing = channel.push(3).then(() => {
      third = true;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    expect(channel.waiting).toBe(2);
    expect(await channel.take()).toBe(1);
    await pushing;
    expect(third).toBe(true);
    expect([await channel.take(), await channel.take()]).toEqual([2, 3]);
  });

  it('hands an item straight to a waiting consumer, and undefined to every consumer once closed and drained', async () => {
    const channel = new ItemChannel<string>(1);
    const waiting = channel.take();
    await channel.push('a');
    expect(await waiting).toBe('a');
    await channel.push('b');
    const later = [channel.take(), channel.take()];
    channel.close();
    expect(await Promise.all(later)).toEqual(['b', undefined]);
    expect(await channel.take()).toBeUndefined();
  });

  it('releases a producer blocked on a full channel when the consumers stop', async () => {
    const channel = new ItemChannel<number>(1);
    await channel.push(1);
    const blocked = channel.push(2);
    channel.close();
    await expect(blocked).resolves.toBeUndefined();
    await expect(channel.push(3)).rejects.toThrow('closed');
  });
});
