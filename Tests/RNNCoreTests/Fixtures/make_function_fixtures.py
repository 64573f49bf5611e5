"""Writes the PyTorch reference values the activation and loss tests compare against.

Run by hand (never by CI), from this folder, with a Python that has torch:

    python make_function_fixtures.py

It writes activations.json next to itself: for each activation and setting, the
outputs y = f(x) and derivatives dy/dx (autograd, upstream gradient 1) at a fixed
list of inputs from -1e4 to 1e4 (tails, zero, either side of softplus' threshold),
in float32 and in float64, with the inputs as that dtype holds them; and the
defaults of the torch.nn modules. Beside PyTorch's values, each case holds the
exact ones (`exactY`, `exactGrad`: computed at those inputs in 60 digits with
mpmath, which torch installs, and rounded to float64), which PyTorch's own lose
in the GELU's negative tail.

It writes losses.json too: each loss (reduction "mean", its default) and its
gradient in the prediction, for small inputs with large logits and soft targets,
in float32 and in float64; smooth_l1_loss, which the Swift tests compare with
Loss.huber / beta.
"""
import json
import os

import mpmath
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))

INPUTS = [-1e4, -100.0, -40.0, -20.0, -10.0, -5.0, -3.0, -2.0, -1.0, -0.5, -1e-3, -1e-8, 0.0,
          1e-8, 1e-3, 0.5, 1.0, 2.0, 2.5, 2.51, 3.0, 5.0, 10.0, 19.99, 20.0, 20.01, 40.0, 100.0, 1e4]

mpmath.mp.dps = 60
M = mpmath.mpf


def sigmoid(z):
    return 1 / (1 + mpmath.exp(-z))


def gelu_exact(x):
    cdf = mpmath.erfc(-x / mpmath.sqrt(2)) / 2
    return x * cdf, cdf + x * mpmath.npdf(x)


def gelu_tanh(x):
    # ½x(1 + tanh u) = x·σ(2u), which mpmath's unbounded exponent keeps exact in the tail.
    beta, kappa = mpmath.sqrt(2 / mpmath.pi), M("0.044715")
    u = beta * (x + kappa * x**3)
    s = sigmoid(2 * u)
    return x * s, s + x * 2 * s * (1 - s) * beta * (1 + 3 * kappa * x**2)


def leaky_relu(slope):
    return lambda x: (x, M(1)) if x > 0 else (slope * x, M(slope))


def elu(alpha):
    return lambda x: (x, M(1)) if x > 0 else (alpha * mpmath.expm1(x), alpha * mpmath.exp(x))


def silu(x):
    s = sigmoid(x)
    return x * s, s * (1 + x * (1 - s))


def softplus(beta, threshold):
    return lambda x: (x, M(1)) if beta * x > threshold else (mpmath.log1p(mpmath.exp(beta * x)) / beta, sigmoid(beta * x))


# (name, torch function, exact (y, dy/dx) in mpmath, settings as the Swift op takes them)
ACTIVATIONS = [
    ("gelu", lambda x: F.gelu(x), gelu_exact, {"approximate": "none"}),
    ("gelu", lambda x: F.gelu(x, approximate="tanh"), gelu_tanh, {"approximate": "tanh"}),
    ("leakyReLU", lambda x: F.leaky_relu(x), leaky_relu(M("0.01")), {"negativeSlope": 0.01}),
    ("leakyReLU", lambda x: F.leaky_relu(x, negative_slope=0.2), leaky_relu(M("0.2")), {"negativeSlope": 0.2}),
    ("elu", lambda x: F.elu(x), elu(M(1)), {"alpha": 1.0}),
    ("elu", lambda x: F.elu(x, alpha=0.5), elu(M("0.5")), {"alpha": 0.5}),
    ("silu", F.silu, silu, {}),
    ("softplus", lambda x: F.softplus(x), softplus(M(1), M(20)), {"beta": 1.0, "threshold": 20.0}),
    ("softplus", lambda x: F.softplus(x, beta=2.0, threshold=5.0), softplus(M(2), M(5)), {"beta": 2.0, "threshold": 5.0}),
]


def activation_case(name, f, exact, settings, dtype):
    x = torch.tensor(INPUTS, dtype=dtype, requires_grad=True)
    y = f(x)
    (grad,) = torch.autograd.grad(y.sum(), x)
    exact_values = [exact(M(v)) for v in x.tolist()]
    return {"name": name, "settings": settings, "dtype": str(dtype).removeprefix("torch."),
            "x": x.tolist(), "y": y.tolist(), "grad": grad.tolist(),
            "exactY": [float(y) for y, _ in exact_values], "exactGrad": [float(g) for _, g in exact_values]}


def loss_case(name, f, inputs, dtype):
    """inputs: the prediction (whose gradient is recorded) first, then the other tensors by name."""
    (first, values), *rest = inputs.items()
    prediction = torch.tensor(values, dtype=dtype, requires_grad=True)
    others = {k: torch.tensor(v, dtype=dtype) for k, v in rest}
    loss = f(prediction, **others)
    (grad,) = torch.autograd.grad(loss, prediction)
    flat = {first: prediction.flatten().tolist(), **{k: t.flatten().tolist() for k, t in others.items()}}
    return {"name": name, "dtype": str(dtype).removeprefix("torch."), "shape": list(prediction.shape),
            "inputs": flat, "loss": loss.item(), "grad": grad.flatten().tolist()}


BCE_LOGITS = [[-100.0, -3.0, 0.0], [0.5, 30.0, 100.0], [-20.0, 1e-3, 2.0], [4.0, -0.7, -40.0]]
BCE_TARGETS = [[0.0, 1.0, 0.3], [1.0, 0.0, 0.7], [1.0, 1.0, 0.0], [0.0, 0.5, 1.0]]


# Rows of log-probabilities, normalized (a log-softmax) and not; a target of -100 is ignored (ignore_index).
NLL_NORMALIZED = torch.log_softmax(torch.tensor([[0.5, -1.0, 2.0, 0.0, -3.0], [1.0, 1.0, 1.0, 1.0, 1.0],
                                                 [-2.0, 4.0, 0.3, -0.2, 1.5], [3.0, -1.5, 0.0, 2.5, -0.5]],
                                                dtype=torch.float64), dim=1).tolist()
NLL_UNNORMALIZED = [[-0.3, -2.0, -1.1, -4.0, -0.7], [0.2, -1.5, -3.0, -0.1, -2.2],
                    [-5.0, -0.4, -0.9, -1.3, -0.05], [-0.6, -0.8, -2.5, -3.5, -1.0]]
NLL_CLASS_WEIGHT = [0.5, 1.0, 2.0, 1.0, 3.0]

# Differences ŷ - y of 0.5, -2, 3, -0.1, -1 and 0.1: either side of each beta.
REGRESSION = {"prediction": [1.5, -2.0, 3.0, 0.2, -0.4, 0.05], "target": [1.0, 0.0, 0.0, 0.3, 0.6, -0.05]}


def losses():
    def bce(logits, targets, positiveWeight=None):
        return F.binary_cross_entropy_with_logits(logits, targets, pos_weight=positiveWeight)

    def nll(class_weight=None):
        # Torch gets the class weights and ignore_index (-100); `weights` holds them per row, as the Swift loss takes them.
        def loss(logProbabilities, targets, weights):
            weight = None if class_weight is None else torch.tensor(class_weight, dtype=logProbabilities.dtype)
            return F.nll_loss(logProbabilities, targets.long(), weight=weight, ignore_index=-100)
        return loss

    def nll_inputs(log_probabilities, targets, class_weight=None):
        weights = [0.0 if t == -100 else (class_weight[t] if class_weight else 1.0) for t in targets]
        return {"logProbabilities": log_probabilities, "targets": targets, "weights": weights}

    cases = [
        ("bce", bce, {"logits": BCE_LOGITS, "targets": BCE_TARGETS}),
        ("bce", bce, {"logits": BCE_LOGITS, "targets": BCE_TARGETS, "positiveWeight": [2.0, 0.5, 3.0]}),
        ("bce", bce, {"logits": BCE_LOGITS, "targets": BCE_TARGETS, "positiveWeight": [4.0]}),
        ("nll", nll(), nll_inputs(NLL_NORMALIZED, [1, 0, 4, 2])),
        ("nll", nll(), nll_inputs(NLL_UNNORMALIZED, [3, 0, 4, 2])),
        ("nll", nll(NLL_CLASS_WEIGHT), nll_inputs(NLL_UNNORMALIZED, [3, -100, 4, 2], NLL_CLASS_WEIGHT)),
    ] + [
        ("smoothL1", lambda prediction, target, beta: F.smooth_l1_loss(prediction, target, beta=beta.item()),
         {**REGRESSION, "beta": [beta]})
        for beta in (1.0, 0.5, 2.0, 0.0)
    ]
    return [loss_case(*c, dtype) for c in cases for dtype in (torch.float32, torch.float64)]


def module_defaults():
    nn = torch.nn
    return {
        "gelu": {"approximate": nn.GELU().approximate},
        "leakyReLU": {"negativeSlope": nn.LeakyReLU().negative_slope},
        "elu": {"alpha": nn.ELU().alpha},
        "softplus": {"beta": float(nn.Softplus().beta), "threshold": float(nn.Softplus().threshold)},
    }


def write(name, obj):
    path = os.path.join(HERE, name)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=1, allow_nan=False)
        f.write("\n")
    os.replace(tmp, path)


if __name__ == "__main__":
    cases = [activation_case(*a, dtype) for a in ACTIVATIONS for dtype in (torch.float32, torch.float64)]
    write("activations.json", {"torch": torch.__version__, "defaults": module_defaults(), "cases": cases})
    write("losses.json", {"torch": torch.__version__, "cases": losses()})
