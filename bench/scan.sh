#!/usr/bin/env bash
# Scan benchmark: files/second, the ratio of `scan` wall time to `find TREE -type f | wc -l`
# on the same warm tree measured in the same run, and growth with tree size (50k/100k/200k).
#
#   bash bench/scan.sh [TREE_DIR]     (default /tmp/platform-audit-bench; generated if absent)
#
# The tree is 4 groups of 50 repositories (~1,000 files each); 50k scans one group, 100k two,
# 200k all four. Each figure is the best of RUNS runs after a warm-up run. Never commit the tree.
set -euo pipefail
cd "$(dirname "$0")/.."
TREE="${1:-/tmp/platform-audit-bench}"
RUNS="${RUNS:-5}"

cargo build --release --quiet
BIN="$PWD/target/release/platform-audit"
[ -d "$TREE/g3" ] || python3 bench/gen_tree.py "$TREE" 4

best() { # "wall cpu" seconds (ms resolution) of the run with the best wall time among RUNS runs
  local best="" bcpu="" out wall cpu TIMEFORMAT='%3R %3U %3S'
  for _ in $(seq "$RUNS"); do
    out=$( { time "$@" >/dev/null 2>&1; } 2>&1 | tail -1)
    wall=$(echo "$out" | cut -d' ' -f1)
    cpu=$(echo "$out" | awk '{print $2 + $3}')
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" = 1 ]; then best=$wall; bcpu=$cpu; fi
  done
  echo "$best $bcpu"
}

echo "cores: $(nproc), load before: $(cut -d' ' -f1-3 /proc/loadavg), runs: $RUNS (best wall time; cpu = user + sys of that run)"
echo "find_s: find PATHS -type f | wc -l;  find_size_s: find PATHS -type f -printf '%s\n' | wc -l (stats every file, as scan must to count bytes)"
printf '%-5s %7s %5s %7s %7s %11s %7s %7s %8s %9s %10s\n' size files repos find_s cpu find_size_s scan_s cpu ratio ratio_sz files/s
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
  read -r find_s find_cpu < <(best sh -c "find $q -type f | wc -l")
  read -r size_s _ < <(best sh -c "find $q -type f -printf '%s\n' | wc -l")
  read -r scan_s scan_cpu < <(best "$BIN" scan "${paths[@]}" --quiet --json)
  printf '%-5s %7d %5d %7.3f %7.3f %11.3f %7.3f %7.3f %8.2f %9.2f %10.0f\n' "$size" "$files" "$repos" \
    "$find_s" "$find_cpu" "$size_s" "$scan_s" "$scan_cpu" "$(echo "$scan_s / $find_s" | bc -l)" \
    "$(echo "$scan_s / $size_s" | bc -l)" "$(echo "$files / $scan_s" | bc -l)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
