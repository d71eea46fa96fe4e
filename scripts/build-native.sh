#!/bin/sh
# Builds the live-capture native parts: the eBPF probe (driver/build/probe.bpf.o and probe-compat.bpf.o)
# and its Node-API loader (native/build/Release/falconet_native.node).
# Idempotent: make rebuilds the probe only when a source changed; the addon is
# rebuilt only when it is missing or older than one of its sources.
# Needs the Debian packages of scripts/debian-packages.txt (clang, llvm, bpftool,
# libbpf-dev, libelf-dev, zlib1g-dev) and Node's headers (nodejs ships them in /usr/include/node).
set -eu
cd "$(dirname "$0")/.."

make -s -C driver

# node-gyp: the project's own if installed, else the copy bundled with npm.
gyp="$PWD/node_modules/node-gyp/bin/node-gyp.js"
if [ ! -f "$gyp" ]; then
  gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
fi
# Node's headers come with the nodejs package; use them rather than downloading.
nodedir=""
for d in /usr /usr/local; do
  if [ -f "$d/include/node/node_api.h" ]; then nodedir="--nodedir=$d"; break; fi
done

addon=native/build/Release/falconet_native.node
stale=0
if [ ! -f "$addon" ]; then
  stale=1
else
  for f in native/binding.gyp native/src/* driver/src/ring_layout.h; do
    if [ "$f" -nt "$addon" ]; then stale=1; fi
  done
fi
if [ "$stale" = 1 ]; then
  (cd native && node "$gyp" rebuild $nodedir --loglevel=warn)
fi
