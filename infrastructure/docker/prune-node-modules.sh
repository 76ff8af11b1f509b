#!/bin/sh
# Image build only (stage deps): drops from a production node_modules what node never loads at run time, to keep
# the service images small: source maps, type declarations, READMEs, and the other builds of libraries that ship
# many (sql.js: node loads dist/sql-wasm.js + sql-wasm.wasm; the asm.js, debug, worker, browser builds and a zip
# of them all are 30 MB). Makes the npm-shipped ffmpeg/ffprobe executable for the non-root user.
set -eu
cd "${1:-node_modules}"
find . \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' \) -type f -delete
if [ -d sql.js/dist ]; then
  find sql.js/dist -type f ! -name sql-wasm.js ! -name sql-wasm.wasm -delete
fi
find . -path '*/@ff*-installer/linux-x64/ff*' -type f -exec chmod a+rx {} +
rm -rf .cache
