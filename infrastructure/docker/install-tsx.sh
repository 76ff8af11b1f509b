#!/bin/sh
# Makes `node --import tsx` work in a production (--omit=dev) install.
# tsx is a root devDependency of the monorepo; when no workspace lists it as a runtime dependency,
# install exactly the root's pinned version into /opt/tsx and link it into /app/node_modules.
set -eu
app_dir="${1:-/app}"
if [ -e "${app_dir}/node_modules/tsx/package.json" ]; then
  echo "install-tsx: tsx already installed by npm ci"
  exit 0
fi
version="$(node -p "require('${app_dir}/package.json').devDependencies?.tsx ?? ''")"
if [ -z "$version" ]; then
  echo "install-tsx: no tsx version pinned in ${app_dir}/package.json devDependencies" >&2
  exit 1
fi
npm install --prefix /opt/tsx --no-audit --no-fund --no-save "tsx@${version}"
ln -s /opt/tsx/node_modules/tsx "${app_dir}/node_modules/tsx"
cd "${app_dir}" && node --input-type=module -e "await import('tsx'); console.log('install-tsx: tsx ${version} ready')"
