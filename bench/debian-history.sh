# bench/debian-history.sh: what the real-history benches share (sourced, not run).
#
#   debian_sources WORK SUITE…   an apt configuration of its own under WORK/apt for those suites
#   debian_fetch PACKAGE         the newest PACKAGE .deb into $work, once (needs debian_sources)
#   debian_fetch_suite PACKAGE SUITE   SUITE's PACKAGE .deb into $work/SUITE, once; prints its path
#   kernel_tree PACKAGE DIR      the kernel tree of a linux-source PACKAGE's tarball in $work/DIR, once
#   linux_6_1_and_6_12           Debian's Linux 6.1 (bookworm) and 6.12 (trixie) sources in $work/a and $work/b, once
#   abi_check_report NAME PATCH  abi-check PATCH with $work/a as the tree, report in $work/NAME.json,
#                                then the findings per level and rule, the exit code and the time
# Callers set $here (the repository) and $work.

debian_sources() {
  local dir=$1; shift
  mkdir -p "$dir/apt/lists/partial" "$dir/apt/cache/archives/partial"
  : > "$dir/apt/sources.list"
  for suite in "$@"; do echo "deb http://deb.debian.org/debian $suite main" >> "$dir/apt/sources.list"; done
  apt_opts=(-o "Dir::Etc::SourceList=$dir/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$dir/apt/lists" -o "Dir::Cache=$dir/apt/cache" -q)
}

debian_fetch() {
  ls "$work/$1"_*_all.deb >/dev/null 2>&1 && return
  [ -f "$work/apt/updated" ] || { apt-get "${apt_opts[@]}" update >/dev/null; touch "$work/apt/updated"; }
  (cd "$work" && apt-get "${apt_opts[@]}" download "$1" 2>/dev/null)
}

debian_fetch_suite() {
  mkdir -p "$work/$2"
  if ! ls "$work/$2/$1"_*.deb >/dev/null 2>&1; then
    [ -f "$work/apt/updated" ] || { apt-get "${apt_opts[@]}" update >/dev/null; touch "$work/apt/updated"; }
    (cd "$work/$2" && apt-get "${apt_opts[@]}" download "$1/$2" >/dev/null 2>&1)
  fi
  ls "$work/$2/$1"_*.deb | head -1
}

kernel_tree() {
  [ -f "$work/$2/Makefile" ] && return
  rm -rf "$work/deb-$2" "$work/$2"
  dpkg-deb -x "$(ls "$work/$1"_*_all.deb | head -1)" "$work/deb-$2"
  mkdir -p "$work/$2"
  tar -xf "$(ls "$work/deb-$2"/usr/src/"$1".tar.* | head -1)" -C "$work/$2" --strip-components=1
  rm -rf "$work/deb-$2"
}

linux_6_1_and_6_12() {
  debian_sources "$work" bookworm trixie
  debian_fetch linux-source-6.1
  debian_fetch linux-source-6.12
  kernel_tree linux-source-6.1 a
  kernel_tree linux-source-6.12 b
}

abi_check_report() {
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
