#!/bin/sh
# Sets up falconet on a Debian 12 machine with Node 20 (run as root): system
# packages, npm packages, build. Idempotent: a second run only rebuilds.
set -eu
cd "$(dirname "$0")/.."

# Debian packages the project needs: the eBPF toolchain for the live probe, sysdig as a test oracle.
need=""
for pkg in $(cat scripts/debian-packages.txt | grep -v '^#'); do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need="$need $pkg"
done
if [ -n "$need" ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
# The eBPF probe and its Node-API loader (live capture).
./scripts/build-native.sh
npm run --silent build
