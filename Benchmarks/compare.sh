#!/usr/bin/env bash
# Builds rnn-bench in release, then runs it and the PyTorch reference
# alternately at 1 and 2 threads on the shared workloads, and prints a table:
# workload, threads, tokens/s of each, ratio (RNNKit / PyTorch).
#
# Usage: Benchmarks/compare.sh PYTHON [SECONDS] [ROUNDS]
#   PYTHON   a Python interpreter that has torch (e.g. a virtual environment's bin/python)
#   SECONDS  timed seconds per training workload (default 5)
#   ROUNDS   alternations per thread count; the best round of each counts (default 2)
# The workloads and the reference script come from ../shared/bench.
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: Benchmarks/compare.sh PYTHON [SECONDS] [ROUNDS]"
[ $# -ge 1 ] || { echo "$usage" >&2; exit 64; }
python=$1
seconds=${2:-5}
rounds=${3:-2}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: ROUNDS must be a whole number ≥ 1, got '$rounds'; $usage" >&2; exit 64; }
bench=../shared/bench
[ -f "$bench/workloads.json" ] || { echo "compare.sh: $bench/workloads.json not found" >&2; exit 1; }
"$python" -c "import torch" 2>/dev/null || { echo "compare.sh: $python cannot import torch" >&2; exit 1; }

swift build -c release --product rnn-bench >&2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for round in $(seq "$rounds"); do
    for threads in 1 2; do
        echo "round $round, $threads thread(s): PyTorch" >&2
        "$python" "$bench/torch_reference.py" --threads "$threads" --seconds "$seconds" >> "$out/lines" 2>"$out/torch.err" \
            || { echo "compare.sh: the PyTorch reference failed:" >&2; cat "$out/torch.err" >&2; exit 1; }
        echo "round $round, $threads thread(s): RNNKit" >&2
        .build/release/rnn-bench --workloads "$bench/workloads.json" --threads "$threads" --seconds "$seconds" >> "$out/lines"
    done
done

echo "raw results:" >&2
cat "$out/lines" >&2
python3 - "$out/lines" <<'PY'
import json, sys
best = {}
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    key = (r["name"], r["threads"], r["impl"])
    best[key] = max(best.get(key, 0), r["tokens_per_s"])
names = []
for (name, _, _) in best:
    if name not in names:
        names.append(name)
print(f"| workload | threads | PyTorch tokens/s | RNNKit tokens/s | ratio |")
print(f"|---|---|---|---|---|")
for name in names:
    for threads in (1, 2):
        t, r = best.get((name, threads, "pytorch")), best.get((name, threads, "rnnkit"))
        if t and r:
            print(f"| {name} | {threads} | {t:,.0f} | {r:,.0f} | {r / t:.2f}x |")
PY
