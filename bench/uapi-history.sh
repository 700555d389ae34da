#!/usr/bin/env bash
# bench/uapi-history.sh: abi-check on six releases of real uAPI history.
#
# Fetches Debian trixie's linux-libc-dev (Linux 6.12 uAPI headers) from
# deb.debian.org, lays the machine's installed headers (Linux 6.1: /usr/include
# and the Debian cross sysroots) and the 6.12 ones out as two kernel-tree-shaped
# directories (include/uapi/…, arch/<arch>/include/uapi/asm), diffs them with
# `diff -ruN`, and runs abi-check on that diff with the 6.1 side as --tree.
# Prints the findings per level and rule, and the time taken.
#
# Mainline keeps uAPI compatible, so most of what 6.1 → 6.12 changed is
# additive; the errors that remain are real removals and changes (deleted
# headers, KVM's dropped definitions, CBQ/ATM in pkt_sched …). A rule that
# starts flagging additive changes shows here first.
#
#   bash bench/uapi-history.sh [WORKDIR]     (default: a temporary directory)
#   bash bench/uapi-history.sh WORKDIR FROM TO   both sides from Debian suites' linux-libc-dev,
#                                               e.g. `trixie sid` (6.12 → 7.x)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
from=${2:-}
to=${3:-trixie}
. "$here/bench/debian-history.sh"
if [ -n "$from" ]; then debian_sources "$work" "$from" "$to"; else debian_sources "$work" "$to"; fi
deb=$(debian_fetch_suite linux-libc-dev "$to")
rm -rf "$work/new-headers" "$work/old-headers" "$work/a" "$work/b"
dpkg-deb -x "$deb" "$work/new-headers"
new=$work/new-headers/usr/include
if [ -n "$from" ]; then
  old_deb=$(debian_fetch_suite linux-libc-dev "$from")
  dpkg-deb -x "$old_deb" "$work/old-headers"
  old_root=$work/old-headers/usr/include
  old_version=$(basename "$old_deb")
else
  old_root=/usr/include
  old_version=$(dpkg-query -W -f '${Version}' linux-libc-dev)
fi
mkdir -p "$work/a/include/uapi" "$work/b/include/uapi"
for d in linux rdma misc mtd sound video xen asm-generic drm; do
  if [ -d "$old_root/$d" ] && [ -d "$new/$d" ]; then
    cp -rL "$old_root/$d" "$work/a/include/uapi/"
    cp -rL "$new/$d" "$work/b/include/uapi/"
  fi
done
for pair in x86:x86_64-linux-gnu arm64:aarch64-linux-gnu arm:arm-linux-gnueabihf powerpc:powerpc64le-linux-gnu \
  s390:s390x-linux-gnu riscv:riscv64-linux-gnu mips:mips64-linux-gnuabi64 m68k:m68k-linux-gnu sparc:sparc64-linux-gnu; do
  arch=${pair%%:*} triplet=${pair#*:}
  if [ -n "$from" ]; then
    old=$old_root/$triplet/asm
  else
    old=/usr/$triplet/include/asm
    [ "$arch" = x86 ] && old=/usr/include/x86_64-linux-gnu/asm
  fi
  [ -d "$old" ] && [ -d "$new/$triplet/asm" ] || continue
  mkdir -p "$work/a/arch/$arch/include/uapi" "$work/b/arch/$arch/include/uapi"
  cp -rL "$old" "$work/a/arch/$arch/include/uapi/asm"
  cp -rL "$new/$triplet/asm" "$work/b/arch/$arch/include/uapi/asm"
done
(cd "$work" && diff -ruN a b > history.diff || true)
echo "$(grep -c '^diff ' "$work/history.diff") files differ between $old_version and $(basename "$deb")"
abi_check_report uapi-history history.diff
