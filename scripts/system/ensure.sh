#!/usr/bin/env bash
# Makes sure this machine has what the test suite needs: the Debian packages listed in packages.txt, and
# PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) running. As root it installs and starts them; as
# another user it prints the one command to run and fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

missing=()
while read -r command package; do
  case "$command" in '' | '#'*) continue ;; esac
  if [[ "$command" == /* ]]; then
    [ -e "$command" ] || missing+=("$package") # a file the package installs (a plugin, a library)
  else
    command -v "$command" >/dev/null 2>&1 || missing+=("$package")
  fi
done <"$here/packages.txt"
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d')

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The test suite needs Debian packages that are missing. Install them with:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing with apt: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

wait_for() {
  for _ in $(seq 1 30); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  return 1
}

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if [ "$(id -u)" -eq 0 ] && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    version="$(ls /etc/postgresql | sort -V | tail -1)"
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    # The suite connects as postgres without a password (postgres://postgres@127.0.0.1:5432); a fresh Debian
    # cluster asks for one on TCP. Trust loopback only, first line so it wins.
    if ! grep -qE '^host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
      echo "Letting local test connections to PostgreSQL in without a password ($hba)"
      sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    fi
    echo "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    wait_for pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start" >&2; exit 1; }
  else
    echo "PostgreSQL is not running on 127.0.0.1:5432 (trust auth); server-backed tests will skip or fail." >&2
  fi
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null; then
    echo "Starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp
    wait_for redis-cli -h 127.0.0.1 -p 6379 ping || { echo "Redis did not start" >&2; exit 1; }
  else
    echo "Redis is not running on 127.0.0.1:6379; server-backed tests will skip or fail." >&2
  fi
fi
