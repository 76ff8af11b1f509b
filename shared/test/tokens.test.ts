/**
 * Tokens are verified once and remembered (the gateway sees the same access token on every request of a client):
 * the memory must never accept what a fresh verification would refuse.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenService } from '../src/auth/tokens.js';

const alice = { userId: 'u-alice', username: 'alice', role: 'user' as const };

/** The same token with one character in the middle of its signature changed (every bit of it is signature). */
function tampered(token: string): string {
  const at = token.length - 10;
  const replacement = token[at] === 'A' ? 'B' : 'A';
  return `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('verified-token memory', () => {
  it('still refuses a forged signature after the genuine token was verified', async () => {
    const tokens = createTokenService('secret-one');
    const token = await tokens.signAccess(alice);
    await expect(tokens.verifyAccess(token)).resolves.toEqual(alice);
    await expect(tokens.verifyAccess(token)).resolves.toEqual(alice);
    await expect(tokens.verifyAccess(tampered(token))).rejects.toThrow();
  });

  it('refuses a remembered token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T02:00:00Z'));
    const tokens = createTokenService('secret-one');
    const token = await tokens.signAccess(alice, 60);
    await expect(tokens.verifyAccess(token)).resolves.toEqual(alice);
    vi.setSystemTime(new Date('2026-12-07T02:00:59Z'));
    await expect(tokens.verifyAccess(token)).resolves.toEqual(alice);
    vi.setSystemTime(new Date('2026-12-07T02:01:01Z'));
    await expect(tokens.verifyAccess(token)).rejects.toThrow();
  });

  it('does not accept a remembered token of one kind as another kind', async () => {
    const tokens = createTokenService('secret-one');
    const identityToken = await tokens.signIdentity(alice);
    await expect(tokens.verifyIdentity(identityToken)).resolves.toEqual(alice);
    await expect(tokens.verifyAccess(identityToken)).rejects.toThrow();
    const accessToken = await tokens.signAccess(alice);
    await expect(tokens.verifyAccess(accessToken)).resolves.toEqual(alice);
    await expect(tokens.verifyIdentity(accessToken)).rejects.toThrow();
  });

  it("does not accept another hub's token that a different secret signed", async () => {
    const ours = createTokenService('secret-one');
    const theirs = createTokenService('secret-two');
    const token = await theirs.signAccess(alice);
    await expect(theirs.verifyAccess(token)).resolves.toEqual(alice);
    await expect(ours.verifyAccess(token)).rejects.toThrow();
  });
});

describe('signed client address', () => {
  it('verifies what it signed, and refuses a forged or altered one even after a genuine one', () => {
    const tokens = createTokenService('secret-one');
    const signed = tokens.signClientAddress('203.0.113.7');
    expect(tokens.signClientAddress('203.0.113.7')).toBe(signed);
    expect(tokens.verifyClientAddress(signed)).toBe('203.0.113.7');
    expect(tokens.verifyClientAddress(signed)).toBe('203.0.113.7');
    const mac = signed.split(' ')[1];
    expect(tokens.verifyClientAddress(`198.51.100.1 ${mac}`)).toBeUndefined();
    expect(tokens.verifyClientAddress(`${signed} extra`)).toBeUndefined();
    expect(tokens.verifyClientAddress('203.0.113.7')).toBeUndefined();
    expect(createTokenService('secret-two').verifyClientAddress(signed)).toBeUndefined();
  });
});
