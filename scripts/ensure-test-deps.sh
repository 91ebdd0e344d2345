#!/usr/bin/env bash
# Installs the system packages the test suite needs, if missing. Run by scripts/run-tests.mjs
# before every test run, so the already-installed path must stay a few stat() calls.
#
#   nsd  the authoritative DNS server test/harness/dns-server.ts starts on a loopback port
#        with the hand-written zones in test/harness/zones/ (faithful NXDOMAIN vs NODATA,
#        SRV/PTR/CNAME/AAAA, TC bit on UDP answers that do not fit).
#   dig  (bind9-dnsutils) the resolver tool the explain tests run "inside the pod" through the
#        fake API server's exec, against the loopback nsd.
set -euo pipefail

need=()
[ -x /usr/sbin/nsd ] || command -v nsd >/dev/null 2>&1 || need+=(nsd)
command -v dig >/dev/null 2>&1 || need+=(bind9-dnsutils)

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-test-deps: missing ${need[*]}; run as root: apt-get install -y --no-install-recommends ${need[*]}" >&2
  exit 1
fi

echo "ensure-test-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Try the local package lists first; refresh them once only if that fails.
if ! apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The package's own service (port 53) is not wanted; the harness starts its own instances.
