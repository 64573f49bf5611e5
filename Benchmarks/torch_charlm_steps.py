"""The PyTorch char-rnn reference's data layout and training update, shared by
the development scripts that compare RNNKit with it: Benchmarks/continue_in_torch.py
and Tests/RNNKitTests/Fixtures/make_training_fixtures.py. Needs torch; CI never
runs it.

The model (CharModel), the stream layout (streams) and the validation scoring
(evaluate) are imported from the reference, torch_charlm_quality.py in the
bench folder (../shared/bench from the package root); its training loop lives
inside its main(), so `Training.update` repeats it step for step.
"""
import importlib.util, os

import torch
import torch.nn as nn


def reference(bench):
    """The reference script as a module."""
    spec = importlib.util.spec_from_file_location("torch_charlm_quality", os.path.join(bench, "torch_charlm_quality.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Training:
    """A text cut as the reference cuts it (first 90% train, the rest validates,
    each in `batch` streams) and the position of a run in it."""

    def __init__(self, ref, text, batch, seq):
        self.ref, self.seq = ref, seq
        self.chars = sorted(set(text))
        idx = {c: i for i, c in enumerate(self.chars)}
        ids = torch.tensor([idx[c] for c in text], dtype=torch.long)
        cut = int(len(ids) * 0.9)
        self.tx, self.ty = ref.streams(ids[:cut], batch)
        self.vx, self.vy = ref.streams(ids[cut:], batch)
        self.pos, self.state = 0, None

    @property
    def updates_per_epoch(self):
        return self.tx.shape[1] // self.seq

    def update(self, model, opt, clip):
        """One update as the reference makes it; returns the loss and the gradient norm before clipping (None without clipping)."""
        if self.pos + self.seq > self.tx.shape[1]:
            self.pos, self.state = 0, None
        xs, ys = self.tx[:, self.pos:self.pos + self.seq], self.ty[:, self.pos:self.pos + self.seq]
        self.pos += self.seq
        logits, self.state = model(xs, self.ref.detach(self.state))
        loss = nn.functional.cross_entropy(logits.reshape(-1, len(self.chars)), ys.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        norm = nn.utils.clip_grad_norm_(model.parameters(), clip).item() if clip is not None else None
        opt.step()
        return loss.item(), norm

    def validation_loss(self, model):
        return self.ref.evaluate(model, self.vx, self.vy, self.seq)
