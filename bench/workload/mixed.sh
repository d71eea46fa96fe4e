#!/bin/bash
# A mixed, real workload for recording benchmark captures: four parts run
# side by side for SECONDS, each one as a loop that always completes at least
# one round (so a short run still holds every part):
#
#   packages  apt-get --reinstall of small Debian packages whose .deb is in
#             the apt cache (--no-download: no network), and `npm install` of
#             a small package into a scratch dir (npm registry; a slow or
#             absent network only costs that step, under a timeout);
#   compile   a small generated C project built from scratch with make, and
#             bench/workload/syscalls.c compiled with cc;
#   web       a local HTTP server (python3 http.server, which serves each
#             connection in a thread) on 127.0.0.1, fetched by curl processes
#             and by a node client opening a new connection per request;
#   shell     find, tar and grep over /usr/share.
#
#   mixed.sh SECONDS [WORKDIR]
#
# Environment: MIXED_PARTS (default "packages compile web shell"),
# MIXED_APT_PACKAGES (default "libb64-0d libluajit-5.1-common libyaml-cpp0.7":
# libraries without man pages, so no man-db trigger swamps the mix; a package
# is used only if it is installed at the version of its cached .deb),
# MIXED_APT_LOCK_TIMEOUT (seconds to wait for the dpkg lock, default 20),
# MIXED_NPM_PACKAGE (default is-number; empty = no npm step),
# MIXED_NPM_TIMEOUT (seconds per npm install, default 60).
# Ends with one line per part: "mixed: PART N rounds (details)".
set -u

seconds=${1:?usage: mixed.sh SECONDS [WORKDIR]}
here=$(dirname "$(readlink -f "$0")")
if [ -n "${2:-}" ]; then
  work=$2
  mkdir -p "$work"
  own_work=0
else
  work=$(mktemp -d /tmp/falconet-mixed.XXXXXX)
  own_work=1
fi
parts=${MIXED_PARTS:-packages compile web shell}
apt_packages=${MIXED_APT_PACKAGES-libb64-0d libluajit-5.1-common libyaml-cpp0.7}
apt_lock_timeout=${MIXED_APT_LOCK_TIMEOUT:-20}
npm_timeout=${MIXED_NPM_TIMEOUT:-60}
npm_package=${MIXED_NPM_PACKAGE-is-number}
deadline=$(( EPOCHSECONDS + seconds ))

pids=()
server_pid=
cleanup() {
  for p in "${pids[@]}" $server_pid; do pkill -TERM -P "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  if [ "$own_work" = 1 ]; then rm -rf "$work"; fi
}
trap 'cleanup; exit 130' INT TERM

# Run a loop body until the deadline, at least once; the count goes to a file
# (the loops run in subshells).
rounds() {
  local name=$1 n=0
  shift
  while :; do
    "$@"
    n=$((n + 1))
    echo "$n" >"$work/$name.rounds"
    [ "$EPOCHSECONDS" -lt "$deadline" ] || break
  done
}

# --- packages ---------------------------------------------------------------
# Packages installed at exactly the version whose .deb apt has cached.
cached_packages() {
  local p v f
  for p in $apt_packages; do
    v=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$p" 2>/dev/null) || continue
    [ "${v%% *}" = installed ] || continue
    v=${v#* }
    f=/var/cache/apt/archives/${p}_${v//:/%3a}_$(dpkg-query -W -f='${Architecture}' "$p").deb
    [ -f "$f" ] && echo "$p"
  done
}

packages_round() {
  if [ -n "$apt_ok" ]; then
    # Another apt user holding the lock makes this round fail, not the workload.
    if DEBIAN_FRONTEND=noninteractive apt-get install --reinstall -y --no-download \
        -o DPkg::Lock::Timeout="$apt_lock_timeout" $apt_ok >"$work/apt.log" 2>&1; then
      echo x >>"$work/apt.ok"
    fi
  fi
  if [ -n "$npm_package" ]; then
    rm -rf "$work/npm"
    mkdir -p "$work/npm"
    if timeout "$npm_timeout" npm install --prefix "$work/npm" --no-audit --no-fund --no-save \
        --prefer-offline --loglevel=error "$npm_package" >"$work/npm.log" 2>&1; then
      echo x >>"$work/npm.ok"
    fi
  fi
  sleep 0.5
}

# --- compile ----------------------------------------------------------------
make_project() {
  local d=$work/cproj i
  mkdir -p "$d"
  for i in 1 2 3 4 5 6; do
    cat >"$d/unit$i.c" <<EOF
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
int unit$i(int n) {
  char buf[64];
  int acc = 0;
  for (int k = 0; k < n; k++) {
    snprintf(buf, sizeof buf, "%d-%d", k, $i);
    acc += (int)strlen(buf);
  }
  return acc;
}
EOF
  done
  cat >"$d/main.c" <<'EOF'
#include <stdio.h>
int unit1(int), unit2(int), unit3(int), unit4(int), unit5(int), unit6(int);
int main(void) {
  printf("%d\n", unit1(10) + unit2(20) + unit3(30) + unit4(40) + unit5(50) + unit6(60));
  return 0;
}
EOF
  printf '%s\n' \
    'OBJS = main.o unit1.o unit2.o unit3.o unit4.o unit5.o unit6.o' \
    'prog: $(OBJS)' \
    '	$(CC) -o $@ $(OBJS)' \
    '%.o: %.c' \
    '	$(CC) -O1 -Wall -c -o $@ $<' \
    'clean:' \
    '	rm -f prog $(OBJS)' >"$d/Makefile"
}

compile_round() {
  make -s -C "$work/cproj" clean >/dev/null
  make -s -C "$work/cproj" CC=cc >/dev/null 2>&1 && "$work/cproj/prog" >/dev/null
  cc -O2 -Wall -o "$work/syscalls" "$here/syscalls.c" 2>/dev/null
  sleep 0.2
}

# --- web --------------------------------------------------------------------
start_server() {
  mkdir -p "$work/www"
  head -c 20000 /dev/urandom >"$work/www/blob.bin"
  seq 1 2000 >"$work/www/index.txt"
  # Port 0: the kernel picks a free port, which the server prints.
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work/www" >"$work/server.log" 2>&1 &
  server_pid=$!
  local i
  for i in $(seq 1 100); do
    port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$work/server.log" | head -1)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "mixed: the HTTP server did not start: $(cat "$work/server.log")" >&2
  return 1
}

# A node client: one new connection per request (agent: false), for a second.
NODE_CLIENT='
const http = require("http");
const [port, ms] = [Number(process.argv[1]), Number(process.argv[2])];
const end = Date.now() + ms;
let n = 0;
const next = () => {
  if (Date.now() >= end) { console.log(n); return; }
  const paths = ["/index.txt", "/blob.bin", "/missing"];
  http.get({ host: "127.0.0.1", port, path: paths[n % 3], agent: false }, (res) => {
    res.resume();
    res.on("end", () => { n++; setTimeout(next, 2); });
  }).on("error", () => setTimeout(next, 50));
};
next();
'

web_round() {
  local i got
  for i in 1 2 3 4 5; do
    curl -s -o /dev/null "http://127.0.0.1:$port/index.txt"
  done
  got=$(node -e "$NODE_CLIENT" "$port" 1000 2>/dev/null)
  echo "${got:-0}" >>"$work/web.requests"
}

# --- shell ------------------------------------------------------------------
shell_round() {
  find /usr/share -maxdepth 3 -name '*.gz' 2>/dev/null | wc -l >/dev/null
  tar -cf - -C /usr/share/doc . 2>/dev/null | wc -c >/dev/null
  grep -rl --include=copyright GPL /usr/share/doc 2>/dev/null | wc -l >/dev/null
  sleep 1
}

# --- run --------------------------------------------------------------------
port=
apt_ok=
for part in $parts; do
  case $part in
    packages)
      apt_ok=$(cached_packages | paste -sd' ')
      ( rounds packages packages_round ) & pids+=($!) ;;
    compile)
      make_project
      ( rounds compile compile_round ) & pids+=($!) ;;
    web)
      start_server || { cleanup; exit 1; }
      ( rounds web web_round ) & pids+=($!) ;;
    shell)
      ( rounds shell shell_round ) & pids+=($!) ;;
    *)
      echo "mixed: unknown part '$part'" >&2; cleanup; exit 2 ;;
  esac
done
for p in "${pids[@]}"; do wait "$p"; done
pids=()

count() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
for part in $parts; do
  n=$(cat "$work/$part.rounds" 2>/dev/null || echo 0)
  case $part in
    packages) extra="apt-get reinstalls ok: $(count "$work/apt.ok") (${apt_ok:-none cached}), npm installs ok: $(count "$work/npm.ok") (${npm_package:-off})" ;;
    compile) extra="make of 7 units + cc of syscalls.c each" ;;
    web) extra="server port $port, node client requests: $(awk '{s += $1} END {print s + 0}' "$work/web.requests" 2>/dev/null), curl requests: $((n * 5))" ;;
    shell) extra="find + tar + grep over /usr/share" ;;
  esac
  echo "mixed: $part $n rounds ($extra)"
done
cleanup
