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
mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial"
printf 'deb http://deb.debian.org/debian bookworm main\ndeb http://deb.debian.org/debian trixie main\n' > "$work/apt/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache" -q)
fetch() { # fetch PACKAGE: the newest .deb of PACKAGE into $work (once)
  ls "$work/$1"_*_all.deb >/dev/null 2>&1 && return
  [ -f "$work/apt/updated" ] || { apt-get "${apt_opts[@]}" update >/dev/null; touch "$work/apt/updated"; }
  (cd "$work" && apt-get "${apt_opts[@]}" download "$1" 2>/dev/null)
}
unpack() { # unpack PACKAGE DIR: the kernel tree of PACKAGE's tarball in $work/DIR (once)
  [ -f "$work/$2/Makefile" ] && return
  rm -rf "$work/deb-$2" "$work/$2"
  dpkg-deb -x "$(ls "$work/$1"_*_all.deb | head -1)" "$work/deb-$2"
  mkdir -p "$work/$2"
  tar -xf "$(ls "$work/deb-$2"/usr/src/"$1".tar.* | head -1)" -C "$work/$2" --strip-components=1
  rm -rf "$work/deb-$2"
}
fetch linux-source-6.1
fetch linux-source-6.12
unpack linux-source-6.1 a
unpack linux-source-6.12 b
echo "trees: $(make -s -C "$work/a" kernelversion 2>/dev/null || echo 6.1) → $(make -s -C "$work/b" kernelversion 2>/dev/null || echo 6.12)"

report() { # report NAME PATCH: run abi-check on PATCH with tree a, print findings per rule
  local status=0 start end
  start=$(date +%s%N)
  (cd "$work" && node "$here/bin/abi-check" "$2" --tree "$work/a" --offline --format json -q > "$1.json") || status=$?
  end=$(date +%s%N)
  node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const by = new Map();
for (const f of r.findings) by.set(`${f.level} ${f.rule}`, (by.get(`${f.level} ${f.rule}`) ?? 0) + 1);
const b = r.behaviour ?? { scenarios: [], notes: [] };
console.log(`${process.argv[2]}: ${r.summary.errors} errors, ${r.summary.warnings} warnings, ${r.summary.notes} notes; emulator: ${b.scenarios.length} scenarios, ${b.notes.length} notes`);
for (const [k, n] of [...by].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${k}`);
' "$work/$1.json" "$1"
  echo "  abi-check exit code $status, $(( (end - start) / 1000000 )) ms; report in $work/$1.json"
}

# 1. every uAPI header
(cd "$work" && { diff -ruN a/include/uapi b/include/uapi; for d in a/arch/*/include/uapi; do
  arch=${d#a/arch/}; arch=${arch%%/*}; diff -ruN "a/arch/$arch/include/uapi" "b/arch/$arch/include/uapi"; done; } > uapi.diff || true)
echo "$(grep -c '^diff ' "$work/uapi.diff") uAPI headers differ"
report uapi uapi.diff

# 2. VFIO + dma-buf with their kernel code
(cd "$work" && { printf 'From: abi-check bench <bench@example.org>\nSubject: [PATCH] vfio, dma-buf: 6.1 to 6.12\n\n---\n'
  for f in include/uapi/linux/vfio.h include/linux/vfio.h include/linux/vfio_pci_core.h drivers/vfio/pci/vfio_pci_core.c \
    include/linux/dma-buf.h drivers/dma-buf/dma-buf.c; do
    diff -uN "a/$f" "b/$f" || true
  done; } > vfio.patch)
report vfio vfio.patch
