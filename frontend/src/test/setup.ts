import { Blob as NodeBlob, File as NodeFile } from 'node:buffer';
import { afterEach } from 'vitest';

// Pure logic tests run in the node environment; DOM clean-up only applies under jsdom.
if (typeof window !== 'undefined') {
  // openapi-fetch sends a Request, which is Node's here: it cannot read jsdom's FormData/File (a multipart body would
  // arrive as the text "undefined"). A browser has one implementation of each; the tests use Node's.
  const nodeFormData = (
    await new Response('', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }).formData()
  ).constructor as typeof FormData;
  Object.assign(globalThis, { Blob: NodeBlob, File: NodeFile, FormData: nodeFormData });
  const { cleanup, configure } = await import('@testing-library/react');
  // The machine is shared; give start-up (status → refresh → me → page data) time to settle.
  configure({ asyncUtilTimeout: 5000 });
  afterEach(() => {
    cleanup();
    localStorage.clear();
    window.history.replaceState(null, '', '/');
  });
}
