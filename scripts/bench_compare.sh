#!/usr/bin/env bash
# LossLab against the PyTorch peer (docs/bench.md), side by side in one run:
# the two alternate, ROUNDS times for each thread count, and the medians of
# their tokens/s are compared. Needs Debian's python3-torch (not a LossLab
# dependency; install it only to run this comparison).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cli=${LOSSLAB_CLI:-$here/build/app/cli/losslab-cli}
rounds=${ROUNDS:-3}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for threads in 1 2; do
  ours=(); peer=()
  for _ in $(seq "$rounds"); do
    ours+=("$("$cli" bench --threads "$threads" --steps 20 --json | sed -E 's/.*"tokens_per_s":([0-9.e+]+).*/\1/')")
    peer+=("$(OMP_NUM_THREADS=$threads /usr/bin/python3 "$here/scripts/reference_torch.py" bench --threads "$threads" --steps 20 | sed -E 's/.*"tokens_per_s": ([0-9.e+]+).*/\1/')")
  done
  o=$(printf '%s\n' "${ours[@]}" | median); p=$(printf '%s\n' "${peer[@]}" | median)
  printf 'threads %d: LossLab %.0f tokens/s, PyTorch %.0f tokens/s, ratio %.2f\n' "$threads" "$o" "$p" "$(echo "$o / $p" | bc -l)"
done
