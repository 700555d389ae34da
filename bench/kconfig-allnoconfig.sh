#!/usr/bin/env bash
# bench/kconfig-allnoconfig.sh: abi-check's allnoconfig (how it reads an
# unconfigured tree's in-kernel code) against scripts/kconfig, on Linux 6.1
# and 6.12 (Debian's linux-source, as bench/kernel-source-history.sh fetches
# them), every ABI's architecture: see bench/kconfig-allnoconfig.ts.
#
#   bash bench/kconfig-allnoconfig.sh [WORKDIR]   (needs make, gcc, flex, bison)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
for tool in make gcc flex bison; do command -v "$tool" >/dev/null || { echo "bench/kconfig-allnoconfig.sh: $tool is needed (apt-get install $tool)" >&2; exit 1; }; done
. "$here/bench/debian-history.sh"
debian_sources "$work" bookworm trixie
debian_fetch linux-source-6.1
debian_fetch linux-source-6.12
kernel_tree linux-source-6.1 a
kernel_tree linux-source-6.12 b
for t in a b; do
  echo "== $(make -s -C "$work/$t" kernelversion 2>/dev/null)"
  node --import "$here/bin/load-typescript.mjs" "$here/bench/kconfig-allnoconfig.ts" "$work/$t"
done
