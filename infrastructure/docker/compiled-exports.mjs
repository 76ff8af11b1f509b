// Image build only: after tsc has emitted .js next to each .ts, point the given workspaces' package.json
// "exports" (and "main") from the TypeScript sources to the compiled files, so node resolves @smh/* to JS.
import fs from 'node:fs';
import path from 'node:path';

const toJs = (value) => (typeof value === 'string' ? value.replace(/\.ts$/, '.js') : value);
const rewrite = (exports) =>
  typeof exports === 'string'
    ? toJs(exports)
    : Object.fromEntries(Object.entries(exports).map(([key, value]) => [key, rewrite(value)]));

for (const dir of process.argv.slice(2)) {
  const file = path.join(dir, 'package.json');
  if (!fs.existsSync(file)) continue;
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (manifest.exports) manifest.exports = rewrite(manifest.exports);
  if (manifest.main) manifest.main = toJs(manifest.main);
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
