#!/usr/bin/env node
// The `smh` command. It runs the compiled CLI in ../dist, which `npm ci` / `npm install` build through this
// package's `prepare` script, so neither `npx smh` nor a global install (`npm i -g .`) needs tsx at run time.
// In a checkout whose dist/ is missing (installed with --ignore-scripts) or when SMH_CLI_SOURCE=1, it runs the
// TypeScript sources through tsx (a dev dependency) instead.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/main.js', import.meta.url);
const useSource = process.env.SMH_CLI_SOURCE === '1' || !existsSync(compiled);

if (!useSource) {
  await import(compiled.href);
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write('smh: the CLI is not built. Run `npm run build -w @smh/cli` in the hub checkout.\n');
    process.exit(1);
  }
  register();
  await import(new URL('../src/main.ts', import.meta.url).href);
}
