#!/usr/bin/env bash
# Installs the system programs the tests use (scripts/test-deps.txt) with apt. Run as root,
# as CI does. Installs only what is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
missing=()
while read -r command package; do
  [[ -z "$command" || "$command" == \#* ]] && continue
  if [[ "$command" == */* ]]; then [[ -x "$command" ]] && continue
  elif command -v "$command" >/dev/null 2>&1 || [[ -x "/usr/sbin/$command" ]]; then continue
  fi
  missing+=("$package")
done < "$here/test-deps.txt"
if ((${#missing[@]} == 0)); then
  echo "Test dependencies already installed."
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  echo "Run as root to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"
