/** Access token in memory only; refresh token in localStorage so a reload keeps the user signed in. */

export const REFRESH_TOKEN_KEY = 'smh.refreshToken';

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

  get refreshToken(): string | null {
    return this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
  }

  set(pair: TokenPair): void {
    this.access = pair.accessToken;
    this.accessExpiresAt = typeof pair.expiresIn === 'number' ? Date.now() + pair.expiresIn * 1000 : null;
    this.storage?.setItem(REFRESH_TOKEN_KEY, pair.refreshToken);
    this.emit();
  }

  clear(): void {
    this.access = null;
    this.accessExpiresAt = null;
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
