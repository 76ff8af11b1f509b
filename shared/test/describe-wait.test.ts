/** Waits said to people (429 messages): seconds below a minute and a half, then minutes, then hours. */
import { describe, expect, it } from 'vitest';
import { describeWait } from '../src/http/errors.js';

describe('describeWait', () => {
  it.each([
    [0.2, '1 second'],
    [45, '45 seconds'],
    [89, '89 seconds'],
    [90, '2 minutes'],
    [389, '7 minutes'],
    [900, '15 minutes'],
    [7200, '2 hours'],
  ])('%s s → %s', (seconds, text) => {
    expect(describeWait(seconds)).toBe(text);
  });
});
