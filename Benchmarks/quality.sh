#!/usr/bin/env bash
# Trains the default char-rnn model with RNNKit, then the same model with the
# PyTorch reference (../shared/bench/torch_charlm_quality.py), each for the
# same seconds of training on the same text, and prints the README's table:
# at every evaluation, characters trained and validation loss of each, the
# lower loss in bold.
#
# Usage: Benchmarks/quality.sh PYTHON TEXT [BUDGET] [THREADS] [-- ARGS...]
#   PYTHON   a Python interpreter that has torch (e.g. a virtual environment's bin/python)
#   TEXT     the training text (tiny-shakespeare for the README)
#   BUDGET   seconds of training for each program (default 600), evaluated every 60
#   THREADS  compute threads for both (default 2)
#   ARGS     given to both programs, spelled the same by both: --seed N, --dropout P
# The two run one after the other, never together. Nothing is written to the package.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: Benchmarks/quality.sh PYTHON TEXT [BUDGET] [THREADS] [-- --seed N --dropout P]"
positional=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do positional+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#positional[@]} -ge 2 ] || { echo "$usage" >&2; exit 64; }
python=${positional[0]}
text=${positional[1]}
budget=${positional[2]:-600}
threads=${positional[3]:-2}
reference=../shared/bench/torch_charlm_quality.py
[ -f "$reference" ] || { echo "quality.sh: $reference not found" >&2; exit 1; }
[ -f "$text" ] || { echo "quality.sh: $text not found" >&2; exit 1; }
# Before the RNNKit run, so that a wrong interpreter does not waste it.
"$python" -c "import torch" 2>/dev/null || { echo "quality.sh: $python cannot import torch" >&2; exit 1; }

swift build -c release --product char-rnn >&2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "RNNKit: $budget s of training ..." >&2
.build/release/char-rnn train --data "$text" --time-budget "$budget" --eval-every 60s --threads "$threads" \
    --checkpoint-dir "$out/checkpoints" --log "$out/rnnkit.jsonl" --quiet "$@"
echo "PyTorch: $budget s of training ..." >&2
"$python" "$reference" "$text" --budget "$budget" --every 60 --threads "$threads" "$@" > "$out/torch.jsonl"

"$python" - "$out/torch.jsonl" "$out/rnnkit.jsonl" <<'PY'
import json, sys
torch, rnnkit = ([json.loads(l) for l in open(p) if l.startswith("{")] for p in sys.argv[1:3])
print("| training time | PyTorch: tokens | PyTorch: val loss | RNNKit: tokens | RNNKit: val loss |")
print("|---|---|---|---|---|")
for p, r in zip(torch, rnnkit):
    a, b = f"{p['val_loss']:.3f}", f"{r['val_loss']:.3f}"
    if p["val_loss"] < r["val_loss"]: a = f"**{a}**"
    elif r["val_loss"] < p["val_loss"]: b = f"**{b}**"
    print(f"| {round(r['t'])} s | {p['tokens'] / 1e6:.2f} M | {a} | {r['tokens'] / 1e6:.2f} M | {b} |")
best = lambda rows: min(rows, key=lambda x: x["val_loss"])
bp, br = best(torch), best(rnnkit)
print(f"\nlowest: PyTorch {bp['val_loss']:.4f} at {round(bp['t'])} s, RNNKit {br['val_loss']:.4f} at {round(br['t'])} s; "
      f"characters per second: PyTorch {torch[-1]['tokens'] / torch[-1]['t']:,.0f}, RNNKit {rnnkit[-1]['tokens'] / rnnkit[-1]['t']:,.0f}")
PY
