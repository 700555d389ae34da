#!/usr/bin/env bash
# bench/kernel-source-history.sh: abi-check on real kernel sources, Linux 6.1 → 6.12.
#
# Fetches Debian's linux-source-6.1 (bookworm) and linux-source-6.12 (trixie)
# from deb.debian.org (about 280 MB, kept in WORKDIR for the next run),
# unpacks both trees, and runs abi-check twice with the 6.1 tree as --tree:
#
#  1. every include/uapi and arch/*/include/uapi change, as one `diff -ruN`
#     (uAPI rules on ~370 headers, includes read from the real tree);
#  2. the VFIO + dma-buf subsystem with its kernel code: uapi/linux/vfio.h,
#     linux/vfio.h, linux/vfio_pci_core.h, drivers/vfio/pci/vfio_pci_core.c,
#     linux/dma-buf.h, drivers/dma-buf/dma-buf.c (kABI rules on in-kernel
#     structs, the code-reading rules, the emulator).
#
# Prints the findings per level and rule, and the time each run took.
#
#   bash bench/kernel-source-history.sh [WORKDIR]   (default: a temporary directory)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
. "$here/bench/debian-history.sh"
linux_6_1_and_6_12
echo "trees: $(make -s -C "$work/a" kernelversion 2>/dev/null || echo 6.1) → $(make -s -C "$work/b" kernelversion 2>/dev/null || echo 6.12)"

# 1. every uAPI header
(cd "$work" && { diff -ruN a/include/uapi b/include/uapi; for d in a/arch/*/include/uapi; do
  arch=${d#a/arch/}; arch=${arch%%/*}; diff -ruN "a/arch/$arch/include/uapi" "b/arch/$arch/include/uapi"; done; } > uapi.diff || true)
echo "$(grep -c '^diff ' "$work/uapi.diff") uAPI headers differ"
abi_check_report uapi uapi.diff

# 2. VFIO + dma-buf with their kernel code
(cd "$work" && { printf 'From: abi-check bench <bench@example.org>\nSubject: [PATCH] vfio, dma-buf: 6.1 to 6.12\n\n---\n'
  for f in include/uapi/linux/vfio.h include/linux/vfio.h include/linux/vfio_pci_core.h drivers/vfio/pci/vfio_pci_core.c \
    include/linux/dma-buf.h drivers/dma-buf/dma-buf.c; do
    diff -uN "a/$f" "b/$f" || true
  done; } > vfio.patch)
abi_check_report vfio vfio.patch
