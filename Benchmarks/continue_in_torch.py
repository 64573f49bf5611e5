#!/usr/bin/env python3
"""Continues an RNNKit char-rnn training run in PyTorch, to check that the two
train the same way at full size.

Reads a `char-rnn train` checkpoint that holds training state (weights, Adam's
buffers and step, the carried recurrent state, the position in the epoch) and
runs the PyTorch reference's training loop from there on the same text
(torch_charlm_steps.py; the reference script is torch_charlm_quality.py in
BENCH, default ../shared/bench). Every --every
updates it prints one JSON line as char-rnn's --log does: {"step", "train_loss"
(the mean since the last line), "val_loss"}. Run char-rnn from the same
checkpoint with `--resume CKPT --eval-every N --max-steps S+STEPS --log L` and
compare the lines of equal step.

Usage: continue_in_torch.py CKPT TEXT [--steps 100] [--every 1] [--threads 2] [--bench DIR]
Needs torch and safetensors; CI never runs it.
"""
import argparse, json, os, sys

import torch
from safetensors import safe_open

from torch_charlm_steps import Training, reference


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint")
    ap.add_argument("text")
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bench", default=os.path.join("..", "shared", "bench"))
    a = ap.parse_args()
    ref = reference(a.bench)
    torch.set_num_threads(a.threads)
    f = safe_open(a.checkpoint, "pt")
    meta = f.metadata()
    if "training" not in meta:
        sys.exit(f"{a.checkpoint}: holds weights only, no training state to continue")
    model_config, record = json.loads(meta["model"]), json.loads(meta["training"])
    settings = record["settings"]
    unsupported = [
        what for what, bad in [
            ("an embedding size other than the hidden size", model_config["embedding_size"] != model_config["hidden_size"]),
            ("dropout", model_config["dropout"] != 0),
            ("an optimizer other than Adam without weight decay",
             settings["optimizer"]["kind"] != "adam" or settings["optimizer"].get("weightDecay")),
            ("a schedule", settings["schedule"]["kind"] != "constant"),
            ("k2 other than k1", settings["bpttWindow"] != settings["sequenceLength"]),
            ("value clipping", settings.get("clipValue") is not None),
            ("a validation fraction other than 0.1", settings["validationFraction"] != 0.1),
        ] if bad
    ]
    if unsupported:
        sys.exit(f"{a.checkpoint}: the PyTorch reference has no " + ", no ".join(unsupported))
    batch, seq = settings["batchSize"], settings["sequenceLength"]

    run = Training(ref, open(a.text, encoding="utf-8").read(), batch, seq)
    if [ord(c) for c in run.chars] != json.loads(meta["vocabulary"]):
        sys.exit(f"{a.text}: not the text of the run (its vocabulary differs)")

    model = ref.CharModel(model_config["cell"], len(run.chars), model_config["hidden_size"], model_config["layers"], 0.0)
    model.load_state_dict({k: f.get_tensor(k) for k in model.state_dict()}, strict=True)
    opt = torch.optim.Adam(model.parameters(), lr=settings["optimizer"]["learningRate"])
    step = record["optimizerScalars"]["optimizer.step"]
    for name, p in model.named_parameters():
        opt.state[p] = {"step": torch.tensor(float(step)),
                        "exp_avg": f.get_tensor("optimizer.exp_avg." + name).clone(),
                        "exp_avg_sq": f.get_tensor("optimizer.exp_avg_sq." + name).clone()}
    if record["hasCarriedState"]:
        layers = range(model_config["layers"])
        h = torch.stack([f.get_tensor(f"state.{k}.0") for k in layers])
        run.state = (h, torch.stack([f.get_tensor(f"state.{k}.1") for k in layers])) if model_config["cell"] == "lstm" else h
    run.pos, step, total, count = record["batch"] * seq, record["step"], 0.0, 0

    for _ in range(a.steps):
        loss, _ = run.update(model, opt, settings.get("clipNorm"))
        step, total, count = step + 1, total + loss, count + 1
        if count == a.every:
            print(json.dumps({"step": step, "train_loss": total / count, "val_loss": run.validation_loss(model)}), flush=True)
            total, count = 0.0, 0


if __name__ == "__main__":
    main()
