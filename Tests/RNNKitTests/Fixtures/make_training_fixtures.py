#!/usr/bin/env python3
"""Writes char_training.json: the losses and weights of short char-rnn training
runs in PyTorch, which LanguageModelTraining must reproduce step for step.

Run by hand from the package root (needs torch), never by CI:
    python3 Tests/RNNKitTests/Fixtures/make_training_fixtures.py [BENCH_DIR]

BENCH_DIR (default ../shared/bench) holds torch_charlm_quality.py, the PyTorch
reference char-rnn's quality is measured against. Its model, stream layout,
validation scoring and training loop come through Benchmarks/torch_charlm_steps.py:
the first 90% of the text
trains and the rest validates, TBPTT over B streams with the state carried
from chunk to chunk and reset at each epoch, Adam, global-norm clipping. Each
case starts from the model PyTorch initializes with its seed and runs past two
epochs. The clipping threshold is low enough that it binds on some steps.
Everything is float32.
"""
import json, os, sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Benchmarks"))
from torch_charlm_steps import Training, reference  # noqa: E402

# name, cell, hidden, layers, batch, seq, lr, clip, steps
CASES = [
    ("lstm", "lstm", 8, 2, 4, 6, 0.01, 0.35, 40),
    ("gru", "gru", 8, 2, 4, 6, 0.01, 0.4, 40),
    ("rnn", "rnn", 8, 2, 4, 6, 0.01, 0.55, 40),
]
# 525 characters: 472 train and the other 53 validate, one more than 10% rounded down.
TEXT_CHARACTERS = 525


def flat(t):
    # float32 values need 9 significant digits to round-trip.
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def case(ref, text, name, cell, hidden, layers, batch, seq, lr, clip, steps, seed):
    torch.manual_seed(seed)
    run = Training(ref, text, batch, seq)
    model = ref.CharModel(cell, len(run.chars), hidden, layers, 0.0)
    initial = {k: {"shape": list(v.shape), "data": flat(v)} for k, v in model.state_dict().items()}
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses, norms = zip(*(run.update(model, opt, clip) for _ in range(steps)))
    return {
        "name": name, "cell": cell, "hidden": hidden, "layers": layers, "batch": batch, "seq": seq,
        "lr": lr, "clip": clip, "steps": steps, "updates_per_epoch": run.updates_per_epoch,
        "initial": initial, "losses": list(losses), "gradient_norms": list(norms),
        "final": {k: flat(v) for k, v in model.state_dict().items()},
        "val_loss": run.validation_loss(model),
    }


def main():
    bench = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "bench")
    ref = reference(bench)
    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    with open(os.path.join(ROOT, "corpora", "census1990-first-names.txt"), encoding="utf-8") as f:
        text = f.read()[:TEXT_CHARACTERS]
    cases = [case(ref, text, *c, seed=k) for k, c in enumerate(CASES)]
    with open(os.path.join(HERE, "char_training.json"), "w") as f:
        json.dump({"torch": torch.__version__, "text": text, "cases": cases}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
