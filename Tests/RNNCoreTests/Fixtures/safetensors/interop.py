"""Safetensors interop fixtures for RNNCore's SafetensorsTests.

Run by hand with a Python that has torch and safetensors; the Swift tests never
run it, they read the files it wrote.

    python interop.py make
        Writes char_model.safetensors (the state_dict of a tiny character
        LSTM, values set by formula, with __metadata__) and dtypes.safetensors
        (F16, BF16 and F64 tensors) next to this script; `make integers` writes
        integers.safetensors: the integer and boolean dtypes, and the state_dict
        of Linear -> BatchNorm1d -> Linear after one training step (integer
        `num_batches_tracked` among its tensors) with an input and the model's
        output for it in evaluation mode.

    python interop.py verify FILE
        Checks that FILE, written by the Swift test
        `SafetensorsInteropTests.writesFileThatPythonReads` (set
        RNNKIT_SAFETENSORS_EXPORT=FILE when running it), loads with
        safetensors.torch and holds the values the test wrote.

The value formula shared with the Swift tests: tensor number t in name order,
flat element k, holds t + k / 64 (exact in F32).
"""

import os
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

HERE = os.path.dirname(os.path.abspath(__file__))
METADATA = {"format": "pt", "model": "char-lstm", "vocab": "abcde"}


class CharModel(torch.nn.Module):
    """Embedding -> 1-layer LSTM -> linear head, the names RNNKit uses."""

    def __init__(self, vocab=5, embed=3, hidden=2):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, embed)
        self.rnn = torch.nn.LSTM(embed, hidden, batch_first=True)
        self.head = torch.nn.Linear(hidden, vocab)


def formula_state_dict(names_and_shapes):
    """Tensors t + k/64 for tensor t (in name order), flat element k."""
    out = {}
    for t, (name, shape) in enumerate(sorted(names_and_shapes)):
        n = 1
        for d in shape:
            n *= d
        out[name] = (t + torch.arange(n, dtype=torch.float32) / 64).reshape(shape)
    return out


def make():
    model = CharModel()
    shapes = [(k, tuple(v.shape)) for k, v in model.state_dict().items()]
    tensors = formula_state_dict(shapes)
    model.load_state_dict(tensors)  # names and shapes are exactly PyTorch's
    save_file(model.state_dict(), os.path.join(HERE, "char_model.safetensors"), metadata=METADATA)

    values = [-2.0, -0.5, 0.0, 1.0 / 3.0, 1.0, float("-inf")]
    save_file(
        {
            "f16": torch.tensor(values, dtype=torch.float16),
            "bf16": torch.tensor(values, dtype=torch.bfloat16),
            "f64": torch.tensor(values, dtype=torch.float64).reshape(2, 3),
        },
        os.path.join(HERE, "dtypes.safetensors"),
    )
    for name in ("char_model.safetensors", "dtypes.safetensors"):
        path = os.path.join(HERE, name)
        print(name, os.path.getsize(path), "bytes")


def make_integers():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2))
    model(torch.randn(6, 3))  # one training step of the running statistics
    model.eval()
    x = torch.arange(6, dtype=torch.float32).reshape(2, 3) / 4 - 0.5
    tensors = {f"model.{k}": v for k, v in model.state_dict().items()}
    tensors.update({
        "input": x,
        "output": model(x).detach(),
        "i64": torch.tensor([-2, 0, 2**53, 2**53 + 1], dtype=torch.int64),
        "i32": torch.tensor([[-(2**31), 7], [2**31 - 1, 0]], dtype=torch.int32),
        "i16": torch.tensor([-300], dtype=torch.int16),
        "i8": torch.tensor([-128, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
    })
    path = os.path.join(HERE, "integers.safetensors")
    save_file(tensors, path)
    print("integers.safetensors", os.path.getsize(path), "bytes")


def verify(path):
    loaded = load_file(path)
    with safe_open(path, framework="pt") as f:
        metadata = f.metadata()
    assert metadata == {"written_by": "RNNKit", "step": "42"}, metadata
    model_names = {k: v for k, v in loaded.items() if not k.startswith("optimizer.")}
    expected = formula_state_dict([(k, tuple(v.shape)) for k, v in CharModel().state_dict().items()])
    assert set(model_names) == set(expected), sorted(model_names)
    for name, tensor in expected.items():
        assert loaded[name].dtype == torch.float32, (name, loaded[name].dtype)
        assert torch.equal(loaded[name], tensor), name
    step = loaded["optimizer.step"]
    assert step.dtype == torch.float64 and step.shape == (1,) and step.item() == 42.0, step
    model = CharModel()
    model.load_state_dict(model_names)  # strict: every name and shape
    print(f"OK: {path} loads in PyTorch: {len(loaded)} tensors, metadata {metadata}")


if __name__ == "__main__":
    if sys.argv[1:] == ["make"]:
        make()
    elif sys.argv[1:] == ["make", "integers"]:
        make_integers()
    elif len(sys.argv) == 3 and sys.argv[1] == "verify":
        verify(sys.argv[2])
    else:
        sys.exit(__doc__)
