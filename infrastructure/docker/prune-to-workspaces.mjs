// Image build only (stage deps): narrows the production node_modules installed once for every back-end workspace
// to what the chosen workspaces need, so six service images share one `npm ci --omit=dev` instead of running six.
// What to keep is npm's own answer: `npm ls --omit=dev --all --parseable --workspace=…` on stdin (one absolute
// path a line). Everything else installed under a node_modules folder (the root's, nested ones, the workspaces')
// is removed, as are workspace folders that are not kept. Usage: npm ls … | node prune-to-workspaces.mjs /app
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The paths to remove, given every installed package path and the paths to keep (both absolute): each installed
 * path not kept, leaving out those inside an already removed one (and those inside a kept one are checked alone).
 */
export function selectRemovals(installed, keep) {
  const kept = new Set(keep);
  const removals = [];
  for (const candidate of [...installed].sort()) {
    if (kept.has(candidate)) continue;
    if (removals.some((removed) => candidate.startsWith(`${removed}/`))) continue;
    removals.push(candidate);
  }
  return removals;
}

/** Package folders directly under `dir`/node_modules (scoped ones as @scope/name); no .bin or hidden files. */
function packagesIn(dir) {
  const modules = path.join(dir, 'node_modules');
  if (!fs.existsSync(modules)) return [];
  return fs.readdirSync(modules).flatMap((name) => {
    if (name.startsWith('.')) return [];
    const full = path.join(modules, name);
    if (name.startsWith('@')) return fs.readdirSync(full).map((scoped) => path.join(full, scoped));
    return [full];
  });
}

/** Every installed package path under root: node_modules at any depth, and the workspaces' own node_modules. */
export function listInstalled(root) {
  const found = [];
  const visited = new Set();
  const visit = (dir) => {
    if (visited.has(dir)) return;
    visited.add(dir);
    for (const pkg of packagesIn(dir)) {
      found.push(pkg);
      const stat = fs.lstatSync(pkg);
      // A workspace is linked from node_modules; its folder (outside node_modules) is a package of its own.
      if (stat.isSymbolicLink()) {
        const target = fs.realpathSync(pkg);
        found.push(target);
        visit(target);
      } else visit(pkg);
    }
  };
  visit(root);
  return [...new Set(found)];
}

function main() {
  const root = path.resolve(process.argv[2] ?? '.');
  const keep = fs
    .readFileSync(0, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (!keep.includes(root)) {
    console.error(`prune-to-workspaces: the list on stdin is not npm ls --parseable output for ${root}`);
    process.exit(1);
  }
  // A kept workspace link keeps its folder too.
  const keepWithTargets = keep.flatMap((kept) => (fs.existsSync(kept) ? [kept, fs.realpathSync(kept)] : [kept]));
  const removals = selectRemovals(listInstalled(root), keepWithTargets);
  for (const removal of removals) fs.rmSync(removal, { recursive: true, force: true });
  fs.rmSync(path.join(root, 'node_modules/.bin'), { recursive: true, force: true });
  console.log(`prune-to-workspaces: kept ${keep.length - 1} packages, removed ${removals.length}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
