#!/usr/bin/env bash
# Scan benchmark: the wall time of `scan` against `find TREE -type f | wc -l` on the same warm
# tree, as the median of RUNS alternated runs (find, find -printf, scan, find, …, so that a load
# peak from another process hits all three alike), and growth with tree size (50k/100k/200k).
#
#   bash bench/scan.sh [TREE_DIR]     (default /tmp/platform-audit-k8s-bench; generated if absent)
#   BASE_BIN=/path/to/older/platform-audit bash bench/scan.sh   (also times an older build)
#
# The tree (bench/gen_tree.py) is 4 groups of 50 Kubernetes-shaped repositories (~1,000 files
# each, ~40 % YAML); 50k scans one group, 100k two, 200k all four. Never commit the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
TREE="${1:-/tmp/platform-audit-k8s-bench}"
RUNS="${RUNS:-5}"
BASE_BIN="${BASE_BIN:-}"

cargo build --release --quiet
BIN="$PWD/target/release/platform-audit"
[ -d "$TREE/g3" ] || python3 bench/gen_tree.py "$TREE" 4

# "wall cpu" seconds of one run (cpu = user + sys).
timed() {
  local out TIMEFORMAT='%3R %3U %3S'
  out=$( { time "$@" >/dev/null 2>&1; } 2>&1 | tail -1)
  echo "$out" | awk '{printf "%s %.3f\n", $1, $2 + $3}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "cores: $(nproc), load before: $(cut -d' ' -f1-3 /proc/loadavg), runs: $RUNS alternated (median wall; median cpu = user + sys)"
echo "find_s: find PATHS -type f | wc -l;  find_size_s: find PATHS -type f -printf '%s\n' | wc -l (stats every file, as scan --bytes does)"
printf '%-5s %7s %5s %7s %7s %11s %7s %7s %8s %9s %10s' size files repos find_s cpu find_size_s scan_s cpu ratio ratio_sz files/s
[ -n "$BASE_BIN" ] && printf ' %7s %7s' base_s cpu
echo
for size in 50k 100k 200k; do
  case $size in
    50k) paths=("$TREE/g0") ;;
    100k) paths=("$TREE/g0" "$TREE/g1") ;;
    200k) paths=("$TREE") ;;
  esac
  q=$(printf '%q ' "${paths[@]}")
  files=$(find "${paths[@]}" -type f | wc -l)       # also warms the cache
  "$BIN" scan "${paths[@]}" --quiet --json >/tmp/platform-audit-bench-$size.json
  repos=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['repositories']))" /tmp/platform-audit-bench-$size.json)
  rm -f /tmp/pa-bench-{find,size,scan,base}
  for _ in $(seq "$RUNS"); do
    timed sh -c "find $q -type f | wc -l" >>/tmp/pa-bench-find
    timed sh -c "find $q -type f -printf '%s\n' | wc -l" >>/tmp/pa-bench-size
    timed "$BIN" scan "${paths[@]}" --quiet --json >>/tmp/pa-bench-scan
    [ -n "$BASE_BIN" ] && timed "$BASE_BIN" scan "${paths[@]}" --quiet --json >>/tmp/pa-bench-base
  done
  find_s=$(cut -d' ' -f1 /tmp/pa-bench-find | median); find_cpu=$(cut -d' ' -f2 /tmp/pa-bench-find | median)
  size_s=$(cut -d' ' -f1 /tmp/pa-bench-size | median)
  scan_s=$(cut -d' ' -f1 /tmp/pa-bench-scan | median); scan_cpu=$(cut -d' ' -f2 /tmp/pa-bench-scan | median)
  printf '%-5s %7d %5d %7.3f %7.3f %11.3f %7.3f %7.3f %8.2f %9.2f %10.0f' "$size" "$files" "$repos" \
    "$find_s" "$find_cpu" "$size_s" "$scan_s" "$scan_cpu" "$(echo "$scan_s / $find_s" | bc -l)" \
    "$(echo "$scan_s / $size_s" | bc -l)" "$(echo "$files / $scan_s" | bc -l)"
  if [ -n "$BASE_BIN" ]; then
    printf ' %7.3f %7.3f' "$(cut -d' ' -f1 /tmp/pa-bench-base | median)" "$(cut -d' ' -f2 /tmp/pa-bench-base | median)"
  fi
  echo
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
