#!/usr/bin/env bash
# `losslab --export-plot` on what `losslab-cli train` wrote, without a
# display: a PNG of exactly the requested pixels, a PDF and an SVG; and bad
# run directories fail with a message naming the file, line and field.
set -euo pipefail
cli=$1
gui=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DISPLAY WAYLAND_DISPLAY  # must work with no display at all

"$cli" train --set n_layer=1 --set n_embd=16 --set n_head=2 --set block_size=32 --set batch_size=8 \
  --set eval_interval=10 --set eval_batches=1 --data 'builtin:en?n=300' --steps 30 --threads 2 --quiet --out "$tmp/run"

# PNG: signature, then the IHDR width and height (big-endian) at bytes 16..23.
"$gui" --export-plot "$tmp/run" --out "$tmp/dash.png" --size 1000x700 --dpi 192 --smoothing 0.8
[ "$(head -c 8 "$tmp/dash.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "not a PNG"; exit 1; }
wh=$(od -An -tu1 -j16 -N8 "$tmp/dash.png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
[ "$wh" = 2000x1400 ] || { echo "PNG is $wh, expected 2000x1400"; exit 1; }
[ "$(stat -c %s "$tmp/dash.png")" -gt 50000 ] || { echo "PNG suspiciously small"; exit 1; }

"$gui" --export-plot "$tmp/run" --out "$tmp/dash.pdf"
head -c 5 "$tmp/dash.pdf" | grep -q '^%PDF-' || { echo "not a PDF"; exit 1; }
grep -aq '/Type /Page\b' "$tmp/dash.pdf" || { echo "PDF has no page"; exit 1; }
grep -aq '/MediaBox \[0 0 1200' "$tmp/dash.pdf" || { echo "PDF page is not 1600 px (1200 pt) wide"; exit 1; }

"$gui" --export-plot "$tmp/run" --out "$tmp/lm.svg" --chart lm --size 800x500
grep -q '<svg width="800" height="500"' "$tmp/lm.svg" || { echo "SVG size"; exit 1; }

# Bad input: non-zero exit, a message naming what is wrong, and no output file.
expect_fail() {  # expect_fail PATTERN args...
  local pattern=$1; shift
  rm -f "$tmp/bad.png"
  if msg=$("$gui" "$@" 2>&1); then echo "should have failed: $*"; exit 1; fi
  echo "$msg" | grep -q -- "$pattern" || { echo "message for '$*' lacks '$pattern': $msg"; exit 1; }
  [ ! -e "$tmp/bad.png" ] || { echo "wrote a file despite the error: $*"; exit 1; }
}
expect_fail "$tmp/nope: no such directory" --export-plot "$tmp/nope" --out "$tmp/bad.png"
mkdir "$tmp/empty"
expect_fail "empty/metrics.csv: missing" --export-plot "$tmp/empty" --out "$tmp/bad.png"
cp -r "$tmp/run" "$tmp/badrow"
sed -i '5s/^\([0-9]*\),[^,]*,/\1,oops,/' "$tmp/badrow/metrics.csv"
expect_fail "badrow/metrics.csv:5: column 2 'loss': expected a number, got 'oops'" --export-plot "$tmp/badrow" --out "$tmp/bad.png"
cp -r "$tmp/run" "$tmp/badjson"
sed -i 's/"n_layer": 1/"n_layer": "one"/' "$tmp/badjson/settings.json"
expect_fail "badjson/settings.json: .*n_layer" --export-plot "$tmp/badjson" --out "$tmp/bad.png"
echo '{"schema": "losslab.settings/1", ' > "$tmp/badjson/settings.json"
expect_fail "badjson/settings.json" --export-plot "$tmp/badjson" --out "$tmp/bad.png"
expect_fail "unknown format" --export-plot "$tmp/run" --out "$tmp/bad.bmp"
expect_fail "--size 12: expected WIDTHxHEIGHT" --export-plot "$tmp/run" --out "$tmp/bad.png" --size 12
echo "export-plot: all checks passed"
