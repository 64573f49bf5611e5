#!/usr/bin/env python3
"""Writes pytorch_parity.json and pytorch_parity_options.json: PyTorch's
outputs and gradients for small recurrent stacks, which RNNKit's parity tests
must match in Float32; the second file holds the stacks made with options
other than the defaults (bias=False, an LSTM's proj_size). Also writes
pytorch_state_dict.safetensors: the state_dict of an nn.LSTM with proj_size
and bias=False and of an nn.GRU with bias=False, saved by safetensors, with an
input and the LSTM's output for it.

Run by hand (needs torch and safetensors), never by CI:
    python3 Tests/RNNKitTests/Fixtures/make_parity_fixtures.py

For each case: nn.LSTM / nn.GRU / nn.RNN (tanh, relu) with batch_first=True,
with or without biases (bias=False), an LSTM with or without proj_size; random weights, input x [B, T, I],
initial states; optional per-sample lengths through
pack_padded_sequence(enforce_sorted=False). The loss is
sum(y * wy) + sum(h_n * wh) (+ sum(c_n * wc)), with fixed random weights, so
every output and state gets a distinct gradient. Everything is float32.
"""
import json, os

import torch
import torch.nn as nn
from safetensors.torch import save_file
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = [
    # name, cell, layers, bidirectional, lengths[, options of the module]
    ("lstm-1", "lstm", 1, False, None),
    ("lstm-2", "lstm", 2, False, None),
    ("lstm-bi", "lstm", 2, True, None),
    ("lstm-lengths", "lstm", 2, True, [5, 3, 1]),
    ("gru-1", "gru", 1, False, None),
    ("gru-2", "gru", 2, False, None),
    ("gru-bi", "gru", 2, True, None),
    ("gru-lengths", "gru", 2, True, [5, 3, 1]),
    ("rnn_tanh-2", "rnn_tanh", 2, False, None),
    ("rnn_tanh-bi", "rnn_tanh", 1, True, [4, 5, 2]),
    ("rnn_relu-2", "rnn_relu", 2, False, None),
]
OPTION_CASES = [
    ("lstm-nobias", "lstm", 2, True, [5, 3, 1], {"bias": False}),
    ("gru-nobias", "gru", 2, False, None, {"bias": False}),
    ("rnn_tanh-nobias", "rnn_tanh", 1, True, [4, 5, 2], {"bias": False}),
    ("rnn_relu-nobias", "rnn_relu", 2, False, None, {"bias": False}),
    ("lstm-proj", "lstm", 1, False, None, {"proj_size": 4}),
    ("lstm-proj-2", "lstm", 2, False, [5, 2, 4], {"proj_size": 3}),
    ("lstm-proj-nobias-bi", "lstm", 2, True, [5, 3, 1], {"proj_size": 4, "bias": False}),
]
B, T, I, H = 3, 5, 4, 6


def flat(t):
    # float32 values need 9 significant digits to round-trip.
    return [float(f"{v:.9g}") for v in t.detach().reshape(-1).tolist()]


def make(cell, layers, bidirectional, options):
    common = dict(num_layers=layers, bidirectional=bidirectional, batch_first=True, **options)
    if cell == "lstm":
        return nn.LSTM(I, H, **common)
    if cell == "gru":
        return nn.GRU(I, H, **common)
    return nn.RNN(I, H, nonlinearity=cell.split("_")[1], **common)


def case(name, cell, layers, bidirectional, lengths, options=None, *, seed):
    options = options or {}
    torch.manual_seed(seed)
    rnn = make(cell, layers, bidirectional, options)
    D = 2 if bidirectional else 1
    x = torch.randn(B, T, I, requires_grad=True)
    h0 = torch.randn(layers * D, B, options.get("proj_size", 0) or H, requires_grad=True)
    c0 = torch.randn(layers * D, B, H, requires_grad=True) if cell == "lstm" else None
    state = (h0, c0) if cell == "lstm" else h0
    if lengths is None:
        y, final = rnn(x, state)
    else:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        y, final = rnn(packed, state)
        y, _ = pad_packed_sequence(y, batch_first=True, total_length=T)
    hn, cn = final if cell == "lstm" else (final, None)
    wy, wh = torch.randn_like(y), torch.randn_like(hn)
    loss = (y * wy).sum() + (hn * wh).sum()
    wc = None
    if cn is not None:
        wc = torch.randn_like(cn)
        loss = loss + (cn * wc).sum()
    loss.backward()
    out = {
        "name": name, "cell": cell, "layers": layers, "bidirectional": bidirectional,
        "batch": B, "steps": T, "input_size": I, "hidden_size": H, "lengths": lengths,
        "bias": options.get("bias", True), "proj_size": options.get("proj_size", 0),
        "params": {k: {"shape": list(v.shape), "data": flat(v)} for k, v in rnn.named_parameters()},
        "grads": {k: flat(v.grad) for k, v in rnn.named_parameters()},
        "x": flat(x), "h0": flat(h0), "y": flat(y), "hn": flat(hn),
        "wy": flat(wy), "wh": flat(wh), "loss": loss.item(),
        "dx": flat(x.grad), "dh0": flat(h0.grad),
    }
    if cell == "lstm":
        out.update({"c0": flat(c0), "cn": flat(cn), "wc": flat(wc), "dc0": flat(c0.grad)})
    return out


def state_dict_file():
    torch.manual_seed(200)
    model = nn.ModuleDict({
        "lstm": nn.LSTM(I, H, num_layers=2, bidirectional=True, batch_first=True, proj_size=4, bias=False),
        "gru": nn.GRU(I, H, batch_first=True, bias=False),
    })
    x = torch.randn(B, T, I)
    with torch.no_grad():
        y, _ = model["lstm"](x)
    tensors = dict(model.state_dict())
    tensors.update({"input": x, "lstm_output": y.contiguous()})
    save_file(tensors, os.path.join(HERE, "pytorch_state_dict.safetensors"))


def main():
    torch.set_default_dtype(torch.float32)
    for name, cases, first_seed in [("pytorch_parity.json", CASES, 0), ("pytorch_parity_options.json", OPTION_CASES, 100)]:
        results = [case(*c, seed=first_seed + k) for k, c in enumerate(cases)]
        with open(os.path.join(HERE, name), "w") as f:
            json.dump({"torch": torch.__version__, "cases": results}, f, separators=(",", ":"))
    state_dict_file()


if __name__ == "__main__":
    main()
