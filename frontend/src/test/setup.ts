import { afterEach } from 'vitest';

// Pure logic tests run in the node environment; DOM clean-up only applies under jsdom.
if (typeof window !== 'undefined') {
  const { cleanup, configure } = await import('@testing-library/react');
  // The machine is shared; give start-up (status → refresh → me → page data) time to settle.
  configure({ asyncUtilTimeout: 5000 });
  afterEach(() => {
    cleanup();
    localStorage.clear();
    window.history.replaceState(null, '', '/');
  });
}
