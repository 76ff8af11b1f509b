/**
 * Access token in memory only. The refresh token lives in an httpOnly cookie the hub sets on /api/auth (script on
 * the page never sees it); localStorage keeps only a "signed in" hint so a reload knows to try a refresh. A refresh
 * token an older version stored in localStorage is used once (the hub then sets the cookie) and removed.
 */

/** Where older versions kept the refresh token (read once for the move to the cookie, then removed). */
export const REFRESH_TOKEN_KEY = 'smh.refreshToken';
/** A hint, not a secret: this browser signed in and may hold the refresh cookie. */
export const SIGNED_IN_KEY = 'smh.signedIn';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn?: number;
}

type Listener = () => void;

export class TokenStore {
  private access: string | null = null;
  private accessExpiresAt: number | null = null;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = safeLocalStorage(),
  ) {}

  get accessToken(): string | null {
    return this.access;
  }

  /** Epoch ms when the access token expires (null when unknown). */
  get expiresAt(): number | null {
    return this.accessExpiresAt;
  }

  /** A refresh token an older version of the UI stored (sent once in the body, then the cookie takes over). */
  get legacyRefreshToken(): string | null {
    return this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
  }

  /** Whether a refresh is worth trying: signed in before (cookie), or an old stored token. */
  get mayHaveSession(): boolean {
    return this.access !== null || this.storage?.getItem(SIGNED_IN_KEY) === '1' || this.legacyRefreshToken !== null;
  }

  /** Keeps the access token; the refresh token of the pair stays with the browser's cookie, never in storage. */
  set(pair: TokenPair): void {
    this.access = pair.accessToken;
    this.accessExpiresAt = typeof pair.expiresIn === 'number' ? Date.now() + pair.expiresIn * 1000 : null;
    this.storage?.setItem(SIGNED_IN_KEY, '1');
    this.storage?.removeItem(REFRESH_TOKEN_KEY);
    this.emit();
  }

  clear(): void {
    this.access = null;
    this.accessExpiresAt = null;
    this.storage?.removeItem(SIGNED_IN_KEY);
    this.storage?.removeItem(REFRESH_TOKEN_KEY);
    this.emit();
  }

  /** Called whenever the tokens change; returns an unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
