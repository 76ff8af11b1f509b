import { createContext, useContext } from 'react';
import { ApiClient } from './api/client.ts';
import { createHubApi, type HubApi } from './api/hub.ts';
import { TokenStore } from './api/tokens.ts';

/** The app's single connection to the hub: tokens, HTTP client and typed endpoints. */
export interface Hub {
  tokens: TokenStore;
  client: ApiClient;
  api: HubApi;
  /** Listen for "the refresh token was rejected" (the user must sign in again). */
  onSessionExpired(listener: () => void): () => void;
}

export interface CreateHubOptions {
  fetchFn?: typeof fetch;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  baseUrl?: string;
}

export function createHub(options: CreateHubOptions = {}): Hub {
  const listeners = new Set<() => void>();
  const tokens = options.storage === undefined ? new TokenStore() : new TokenStore(options.storage);
  const client = new ApiClient({
    tokens,
    ...(options.fetchFn ? { fetchFn: options.fetchFn } : {}),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    onSessionExpired: () => {
      for (const listener of listeners) listener();
    },
  });
  return {
    tokens,
    client,
    api: createHubApi(client),
    onSessionExpired(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const HubContext = createContext<Hub | null>(null);

export function useHub(): Hub {
  const hub = useContext(HubContext);
  if (!hub) throw new Error('useHub() needs a <HubContext.Provider> above it.');
  return hub;
}

export function useApi(): HubApi {
  return useHub().api;
}
