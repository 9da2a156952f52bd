#!/usr/bin/env bash
# losslab-cli as a user calls it: train writes its four files; --replay of
# its settings.json gives the same metrics.csv, byte for byte, with any
# thread count; losses and init work on what train wrote; bad input fails
# with a message that names the problem.
set -euo pipefail
cli=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tiny=(--set n_layer=1 --set n_embd=32 --set n_head=2 --set block_size=32 --set batch_size=8 --set eval_interval=10 --set eval_batches=2)

"$cli" train "${tiny[@]}" --steps 25 --threads 2 --quiet --out "$tmp/a"
for f in metrics.csv settings.json model.safetensors optimizer.safetensors; do
  [ -s "$tmp/a/$f" ] || { echo "missing $f"; exit 1; }
done
[ "$(wc -l < "$tmp/a/metrics.csv")" -eq 26 ] || { echo "expected 25 rows + header"; exit 1; }
head -1 "$tmp/a/metrics.csv" | grep -q '^step,loss,lm_loss,ce_loss,lm_nll,accuracy,grad_norm,lr,lambda,eps,tokens,' \
  || { echo "metrics.csv header"; exit 1; }
grep -q '^9,.*,[0-9.e+-]*$' "$tmp/a/metrics.csv" || { echo "no evaluation on step 9"; exit 1; }

"$cli" train --replay "$tmp/a/settings.json" --threads 1 --quiet --out "$tmp/b"
cmp "$tmp/a/metrics.csv" "$tmp/b/metrics.csv" || { echo "replay differs"; exit 1; }
# The session options travel with the settings (a spike guard changes the run).
grep -q '"options"' "$tmp/a/settings.json" || { echo "settings.json without its session options"; exit 1; }
sed 's/"spike_factor": 0.0/"spike_factor": 3.5/' "$tmp/a/settings.json" > "$tmp/guard.json"
"$cli" train --replay "$tmp/guard.json" --quiet --out "$tmp/g"
grep -q '"spike_factor": 3.5' "$tmp/g/settings.json" || { echo "options lost in a replay's settings.json"; exit 1; }

# A run with live changes, as the GUI logs them: replayed twice at different
# thread counts, the same bytes; and the changes are in force from their step.
cat > "$tmp/live.json" <<'JSON'
{"schema": "losslab.settings/1",
 "settings": {"n_layer": 1, "n_embd": 32, "n_head": 2, "block_size": 32, "batch_size": 8, "eval_interval": 10,
              "eval_batches": 2, "steps": 30},
 "events": [{"step": 10, "kind": "set", "key": "lambda", "old": 0.5, "new": 0.9},
            {"step": 12, "kind": "step_lm_only", "message": "one step of the LM term only"},
            {"step": 20, "kind": "set", "key": "eps", "old": 0.1, "new": 0.0}],
 "end_step": 30}
JSON
"$cli" train --replay "$tmp/live.json" --threads 2 --quiet --out "$tmp/l1"
"$cli" train --replay "$tmp/live.json" --threads 1 --quiet --out "$tmp/l2"
cmp "$tmp/l1/metrics.csv" "$tmp/l2/metrics.csv" || { echo "replay with live changes differs"; exit 1; }
# columns: step,...,lambda(9),eps(10),...,flags(12)
awk -F, 'NR>1 && $1==9  && $9!=0.5 {bad=1} NR>1 && $1==10 && $9!=0.899999976 {bad=1}
         NR>1 && $1==12 && ($9!=1 || $12!=1) {bad=1} NR>1 && $1==20 && $10!=0 {bad=1}
         NR>1 && $1==19 && $10!=0.100000001 {bad=1} END {exit bad}' "$tmp/l1/metrics.csv" \
  || { echo "live changes not in force at their steps:"; sed -n '10,14p;20,22p' "$tmp/l1/metrics.csv"; exit 1; }

cat > "$tmp/batch.json" <<'JSON'
{"texts": ["the film was good", "", "x"], "labels": [0, 1, 2]}
JSON
out=$("$cli" losses --ckpt "$tmp/a/model.safetensors" --batch "$tmp/batch.json" --lambda 0.3 --eps 0.1 --grads-out "$tmp/g.safetensors")
echo "$out" | grep -q '"loss":' || { echo "losses printed $out"; exit 1; }
[ -s "$tmp/g.safetensors" ] || { echo "no gradients written"; exit 1; }
# the replayed weights give the same losses, digit for digit
out_b=$("$cli" losses --ckpt "$tmp/b/model.safetensors" --batch "$tmp/batch.json" --lambda 0.3 --eps 0.1)
[ "$out" = "$out_b" ] || { echo "replayed weights differ: $out vs $out_b"; exit 1; }

"$cli" init "${tiny[@]}" --out "$tmp/init.safetensors" 2>/dev/null
[ -s "$tmp/init.safetensors" ]

# Bad input: a clear message and a non-zero exit, never a crash.
expect_fail() {  # expect_fail PATTERN cmd...
  local pattern=$1; shift
  if msg=$("$@" 2>&1); then echo "should have failed: $*"; exit 1; fi
  echo "$msg" | grep -q "$pattern" || { echo "message for '$*' lacks '$pattern': $msg"; exit 1; }
}
expect_fail "lamda" "$cli" train --set lamda=0.3 --steps 1 --out "$tmp/c"
expect_fail "lambda" "$cli" train --set lambda=2 --steps 1 --out "$tmp/c"
echo '{"n_layer": "four"}' > "$tmp/bad.json"
expect_fail "n_layer" "$cli" train --config "$tmp/bad.json" --out "$tmp/c"
echo '{"lambda": 0.1, "lambda": 0.2}' > "$tmp/dup.json"
expect_fail "duplicate key 'lambda'" "$cli" train --config "$tmp/dup.json" --out "$tmp/c"
expect_fail "duplicate key 'lambda'" "$cli" init --config "$tmp/dup.json" --out "$tmp/c.safetensors"
head -c 100 "$tmp/a/model.safetensors" > "$tmp/cut.safetensors"
expect_fail "cut.safetensors" "$cli" losses --ckpt "$tmp/cut.safetensors" --batch "$tmp/batch.json"
echo '{"texts": ["a"], "labels": ["nope"]}' > "$tmp/badbatch.json"
expect_fail "labels\[0\]" "$cli" losses --ckpt "$tmp/a/model.safetensors" --batch "$tmp/badbatch.json"
expect_fail "no-such-file" "$cli" train --data "$tmp/no-such-file.csv" --steps 1 --out "$tmp/c"
echo "cli train/replay/losses/init: all checks passed"
