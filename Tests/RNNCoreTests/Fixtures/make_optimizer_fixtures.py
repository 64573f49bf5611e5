"""Writes the PyTorch reference values the optimizer and schedule tests compare against.

Run by hand (never by CI), from this folder, with a Python that has torch:

    python make_optimizer_fixtures.py

It writes optimizers.json and schedules.json next to itself. Every optimizer case
runs a few steps on two small parameters, `w` [2, 3] and `b` [3], whose gradient
at each step is that of a fixed quadratic, g = a * (p - c) (+ a sign flip on odd
steps so moments rise and fall). The gradients fed in, every parameter group's
learning rate and the parameters after each step are recorded, in float32 and in
float64, so the tests replay the same gradients and compare the update rule alone.
Cases with parameter groups give each group's parameters by name, and the settings
it sets (a key left out is the optimizer's, as in torch). Cases run under
OneCycleLR (momentum cycled, its default) record every group's momentum (or β1)
at each step too; their momentum bounds are numbers (every group's) or lists (one
per group).
"""
import json
import math
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 6

INIT = {
    "w": ([2, 3], [0.5, -1.25, 2.0, 0.0, 0.75, -0.3]),
    "b": ([3], [0.1, -0.2, 1.5]),
}
CURVATURE = {"w": [1.0, 2.0, 0.5, 3.0, 1.5, 0.25], "b": [4.0, 0.5, 1.0]}
CENTER = {"w": [0.2, 0.3, -0.4, 1.0, -0.5, 0.0], "b": [-1.0, 0.25, 0.5]}

# (case name, torch class, keyword arguments, optional schedule applied each step: an ExponentialLR gamma or
#  OneCycleLR's keyword arguments, optional parameter groups: (parameter names, the group's own settings))
CASES = [
    ("sgd", torch.optim.SGD, dict(lr=0.1), None),
    ("sgd_momentum", torch.optim.SGD, dict(lr=0.1, momentum=0.9), None),
    ("sgd_momentum_dampening", torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.3), None),
    ("sgd_nesterov", torch.optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True), None),
    ("sgd_weight_decay_momentum", torch.optim.SGD, dict(lr=0.05, momentum=0.5, weight_decay=0.1), None),
    ("adagrad", torch.optim.Adagrad, dict(lr=0.1), None),
    ("adagrad_all_options", torch.optim.Adagrad,
     dict(lr=0.1, lr_decay=0.05, weight_decay=0.1, initial_accumulator_value=0.2, eps=1e-6), None),
    ("rmsprop", torch.optim.RMSprop, dict(lr=0.01), None),
    ("rmsprop_centered", torch.optim.RMSprop, dict(lr=0.01, alpha=0.9, centered=True), None),
    ("rmsprop_momentum", torch.optim.RMSprop, dict(lr=0.01, momentum=0.8, weight_decay=0.05), None),
    ("rmsprop_centered_momentum", torch.optim.RMSprop,
     dict(lr=0.02, alpha=0.95, eps=1e-6, momentum=0.5, centered=True, weight_decay=0.01), None),
    ("adam", torch.optim.Adam, dict(lr=0.01), None),
    ("adam_weight_decay", torch.optim.Adam, dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), None),
    # AMSGrad with β2 = 0.5, so that v falls between steps and its running maximum is not v: with the default
    # β2 = 0.999, v only rises over these steps and AMSGrad gives exactly Adam's values.
    ("adam_amsgrad", torch.optim.Adam, dict(lr=0.05, betas=(0.9, 0.5), amsgrad=True), None),
    ("adam_exponential_lr", torch.optim.Adam, dict(lr=0.05), 0.7),
    ("adamw", torch.optim.AdamW, dict(lr=0.01), None),
    ("adamw_amsgrad", torch.optim.AdamW, dict(lr=0.05, betas=(0.9, 0.5), weight_decay=0.2, amsgrad=True), None),
]
CASES = [case + (None,) for case in CASES] + [
    ("sgd_groups", torch.optim.SGD, dict(lr=0.1, momentum=0.9, weight_decay=0.1), None,
     [(["w"], {}), (["b"], dict(lr=0.03, weight_decay=0.0))]),
    ("adagrad_groups", torch.optim.Adagrad, dict(lr=0.1, lr_decay=0.05, weight_decay=0.1), None,
     [(["w"], dict(weight_decay=0.0)), (["b"], dict(lr=0.2))]),
    ("rmsprop_groups", torch.optim.RMSprop, dict(lr=0.01, momentum=0.5, centered=True, weight_decay=0.05), None,
     [(["w"], dict(lr=0.02)), (["b"], dict(weight_decay=0.0))]),
    ("adam_groups_exponential_lr", torch.optim.Adam, dict(lr=0.05, weight_decay=0.1), 0.7,
     [(["w"], {}), (["b"], dict(lr=0.01, weight_decay=0.0))]),
    ("adamw_groups", torch.optim.AdamW, dict(lr=0.01, weight_decay=0.2), None,
     [(["b"], dict(lr=0.05, weight_decay=0.0)), (["w"], {})]),
    # Every setting a group can have besides the rate and decay; a group of momentum 0 skips its buffer.
    ("sgd_groups_momentum", torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.05), None,
     [(["w"], dict(momentum=0.5)), (["b"], dict(momentum=0.0, dampening=0.0))]),
    ("rmsprop_groups_settings", torch.optim.RMSprop, dict(lr=0.01, momentum=0.5, alpha=0.9), None,
     [(["w"], dict(alpha=0.95, eps=1e-6)), (["b"], dict(momentum=0.0))]),
    ("adam_groups_betas", torch.optim.Adam, dict(lr=0.05), None,
     [(["w"], dict(betas=(0.8, 0.99))), (["b"], dict(eps=1e-4))]),
    ("adagrad_groups_eps", torch.optim.Adagrad, dict(lr=0.1), None, [(["w"], dict(eps=1e-3)), (["b"], {})]),
    # OneCycleLR with its default cycle_momentum=True: SGD's momentum, Adam's β1, and two groups, each of its own
    # peak, momentum bounds given.
    ("sgd_one_cycle", torch.optim.SGD, dict(lr=0.1, momentum=0.9), dict(max_lr=0.5, total_steps=STEPS), None),
    ("adam_one_cycle", torch.optim.Adam, dict(lr=0.05),
     dict(max_lr=0.05, total_steps=STEPS, pct_start=0.4, anneal_strategy="linear", three_phase=True), None),
    ("sgd_groups_one_cycle", torch.optim.SGD, dict(lr=0.3, momentum=0.9), dict(max_lr=[0.3, 0.05], total_steps=STEPS,
     base_momentum=0.8, max_momentum=0.9), [(["w"], {}), (["b"], dict(lr=0.05))]),
    # ... and each group between momentum bounds of its own (base_momentum and max_momentum lists): SGD's momentum,
    # Adam's β1.
    ("sgd_groups_one_cycle_momenta", torch.optim.SGD, dict(lr=0.2, momentum=0.9), dict(max_lr=[0.2, 0.05],
     total_steps=STEPS, base_momentum=[0.8, 0.5], max_momentum=[0.9, 0.7]), [(["w"], {}), (["b"], dict(lr=0.05))]),
    ("adam_groups_one_cycle_momenta", torch.optim.Adam, dict(lr=0.05), dict(max_lr=0.05, total_steps=STEPS,
     pct_start=0.5, three_phase=True, base_momentum=[0.85, 0.6], max_momentum=[0.95, 0.8]),
     [(["w"], {}), (["b"], dict(betas=(0.9, 0.99)))]),
]

HYPER_KEYS = ["lr", "momentum", "dampening", "nesterov", "weight_decay", "lr_decay",
              "initial_accumulator_value", "eps", "alpha", "centered", "betas", "amsgrad"]


def hyperparameters(group):
    out = {}
    for key in HYPER_KEYS:
        if key in group:
            value = group[key]
            out[key] = list(value) if isinstance(value, tuple) else value
    return out


def run_case(name, cls, kwargs, gamma, groups, dtype):
    params = {k: torch.tensor(v, dtype=dtype).reshape(shape) for k, (shape, v) in INIT.items()}
    for p in params.values():
        p.requires_grad_(True)
    curvature = {k: torch.tensor(v, dtype=dtype).reshape(params[k].shape) for k, v in CURVATURE.items()}
    center = {k: torch.tensor(v, dtype=dtype).reshape(params[k].shape) for k, v in CENTER.items()}
    if groups:
        optimizer = cls([{"params": [params[n] for n in names], **own} for names, own in groups], foreach=False, **kwargs)
    else:
        optimizer = cls(list(params.values()), foreach=False, **kwargs)
    hyper = hyperparameters(optimizer.defaults)
    if isinstance(gamma, dict):
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, **gamma)
    else:
        scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma) if gamma else None
    steps = []
    for step in range(STEPS):
        sign = -1.0 if step % 2 else 1.0
        with torch.no_grad():
            for k, p in params.items():
                p.grad = sign * curvature[k] * (p - center[k])
        lrs = [group["lr"] for group in optimizer.param_groups]
        momenta = [group["betas"][0] if "betas" in group else group.get("momentum") for group in optimizer.param_groups]
        grads = {k: p.grad.flatten().tolist() for k, p in params.items()}
        optimizer.step()
        if scheduler:
            scheduler.step()
        steps.append({
            "lrs": lrs,
            **({"momenta": momenta} if isinstance(gamma, dict) else {}),
            "grads": grads,
            "params": {k: p.detach().flatten().tolist() for k, p in params.items()},
        })
    return {
        "name": name,
        "optimizer": cls.__name__,
        "dtype": "float32" if dtype == torch.float32 else "float64",
        "hyperparameters": hyper,
        "exponentialGamma": None if isinstance(gamma, dict) else gamma,
        **({"oneCycle": gamma} if isinstance(gamma, dict) else {}),
        "groups": [{"params": names, **own} for names, own in groups] if groups else None,
        "initial": {k: {"shape": shape, "values": v} for k, (shape, v) in INIT.items()},
        "steps": steps,
    }


def defaults():
    p = [torch.zeros(1, requires_grad=True)]
    return {cls.__name__: hyperparameters(cls(p).defaults)
            for cls in [torch.optim.SGD, torch.optim.Adagrad, torch.optim.RMSprop,
                        torch.optim.Adam, torch.optim.AdamW]}


def lr_sequences(make, steps, base_lrs):
    """Every group's rate at each step, for an optimizer of one group per base rate."""
    groups = [{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in base_lrs]
    optimizer = torch.optim.SGD(groups)
    scheduler = make(optimizer)
    out = []
    for _ in range(steps):
        out.append([group["lr"] for group in optimizer.param_groups])
        optimizer.step()
        scheduler.step()
    return out


def lr_sequence(make, steps, base_lr):
    return [lrs[0] for lrs in lr_sequences(make, steps, [base_lr])]


def warmup_cosine(optimizer, warmup, total, min_lr):
    # Linear warmup (step + 1) / warmup, then cosine from the base rate at `warmup`
    # down to min_lr at `total`.
    lin = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1 / warmup, end_factor=1.0,
                                            total_iters=warmup - 1)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total - warmup, eta_min=min_lr)
    return torch.optim.lr_scheduler.SequentialLR(optimizer, [lin, cos], milestones=[warmup])


def plateau_sequence(kwargs, metrics, base_lrs):
    groups = [{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in base_lrs]
    optimizer = torch.optim.SGD(groups)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, **kwargs)
    out = []
    for m in metrics:
        scheduler.step(m)
        lrs = [group["lr"] for group in optimizer.param_groups]
        out.append({**({"lr": lrs[0]} if len(lrs) == 1 else {"lrs": lrs}), "best": scheduler.best,
                    "badEpochs": scheduler.num_bad_epochs, "cooldown": scheduler.cooldown_counter})
    return out


# The base rates of the two-group schedules; the second reaches the plateau case's min_lr (0.02) at its first cut.
TWO_GROUPS = [0.1, 0.03]

# ReduceLROnPlateau's per-group minima: the first group stops at its own before the second.
PLATEAU_MIN_LRS = [0.05, 0.001]

# MultiStepLR: a milestone at 0 decays the first rate already, one given twice decays twice.
MULTI_STEP = dict(milestones=[0, 3, 7, 7], gamma=0.5)
# LinearLR: torch's defaults (a warmup from a third of the rate over 5 steps), and a decay to 0.
LINEAR_CASES = [dict(start_factor=1.0 / 3, end_factor=1.0, total_iters=5),
                dict(start_factor=1.0, end_factor=0.0, total_iters=6)]
# OneCycleLR without momentum cycling (RNNKit's optimizers keep their momentum): the defaults, a linear anneal whose
# phases end between steps (0.35 * 13 - 1 = 3.55), and two of three phases; each run for its total_steps.
ONE_CYCLE_CASES = [
    dict(total_steps=20, pct_start=0.3, anneal_strategy="cos", div_factor=25.0, final_div_factor=1e4, three_phase=False),
    dict(total_steps=13, pct_start=0.35, anneal_strategy="linear", div_factor=10.0, final_div_factor=100.0,
         three_phase=False),
    dict(total_steps=17, pct_start=0.25, anneal_strategy="cos", div_factor=5.0, final_div_factor=50.0, three_phase=True),
    dict(total_steps=11, pct_start=0.4, anneal_strategy="linear", div_factor=25.0, final_div_factor=1e4,
         three_phase=True),
]
# The peak of the one-group OneCycleLR cases, given as max_lr (the optimizer's rate, 0.1, is not used).
ONE_CYCLE_MAX_LR = 0.4


def one_cycle(optimizer, max_lr, case):
    return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=max_lr, cycle_momentum=False, **case)


def schedules():
    lr = torch.optim.lr_scheduler
    metrics = [1.0, 0.9, 0.95, 0.8999, 0.91, 0.92, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9,
               0.49999, 0.3, 0.31, 0.32, 0.33, 0.34, 0.35, 0.36,
               0.37, 0.38, 0.29999, 0.39, 0.40, 0.41, 0.42, 0.43, 0.44]
    plateau_cases = [
        dict(),
        dict(factor=0.5, patience=1),
        dict(factor=0.5, patience=1, cooldown=2, min_lr=0.02),
        dict(mode="max", factor=0.3, patience=2, threshold=0.01, threshold_mode="abs"),
    ]
    return {
        "step": {"lr": 0.1, "stepSize": 3, "gamma": 0.5,
                 "sequence": lr_sequence(lambda o: lr.StepLR(o, step_size=3, gamma=0.5), 12, 0.1)},
        "exponential": {"lr": 0.1, "gamma": 0.9,
                        "sequence": lr_sequence(lambda o: lr.ExponentialLR(o, gamma=0.9), 12, 0.1)},
        "warmupCosine": {"lr": 0.1, "warmup": 4, "total": 14, "minLR": 0.001,
                         "sequence": lr_sequence(lambda o: warmup_cosine(o, 4, 14, 0.001), 15, 0.1)},
        "cosine": {"lr": 0.1, "total": 10, "minLR": 0.01,
                   "sequence": lr_sequence(lambda o: lr.CosineAnnealingLR(o, T_max=10, eta_min=0.01), 11, 0.1)},
        "multiStep": {"lr": 0.1, **MULTI_STEP,
                      "sequence": lr_sequence(lambda o: lr.MultiStepLR(o, **MULTI_STEP), 10, 0.1)},
        "linear": [{"lr": 0.1, "options": case, "sequence": lr_sequence(lambda o: lr.LinearLR(o, **case), 9, 0.1)}
                   for case in LINEAR_CASES],
        "oneCycle": [{"lr": 0.1, "maxLR": ONE_CYCLE_MAX_LR, "options": case,
                      "sequence": lr_sequence(lambda o: one_cycle(o, ONE_CYCLE_MAX_LR, case), case["total_steps"], 0.1)}
                     for case in ONE_CYCLE_CASES],
        "plateau": [
            {"lr": 0.1, "options": {**dict(mode="min", factor=0.1, patience=10, threshold=1e-4,
                                           threshold_mode="rel", cooldown=0, min_lr=0.0, eps=1e-8), **kw},
             "metrics": metrics, "sequence": plateau_sequence(kw, metrics, [0.1])}
            for kw in plateau_cases
        ],
        # The same schedules (step, exponential, warmupCosine, cosine, multiStep, linear and oneCycle as above,
        # plateau as its third case) on an optimizer of two groups: each group's rate from its own base.
        "twoGroups": {
            "lrs": TWO_GROUPS,
            "step": lr_sequences(lambda o: lr.StepLR(o, step_size=3, gamma=0.5), 12, TWO_GROUPS),
            "exponential": lr_sequences(lambda o: lr.ExponentialLR(o, gamma=0.9), 12, TWO_GROUPS),
            "warmupCosine": lr_sequences(lambda o: warmup_cosine(o, 4, 14, 0.001), 15, TWO_GROUPS),
            "cosine": lr_sequences(lambda o: lr.CosineAnnealingLR(o, T_max=10, eta_min=0.01), 11, TWO_GROUPS),
            "plateau": plateau_sequence(plateau_cases[2], metrics, TWO_GROUPS),
            # ... and with min_lr a list, one minimum per group.
            "plateauMinLrs": {"minLrs": PLATEAU_MIN_LRS,
                              "sequence": plateau_sequence({**plateau_cases[2], "min_lr": PLATEAU_MIN_LRS}, metrics, TWO_GROUPS)},
            "multiStep": lr_sequences(lambda o: lr.MultiStepLR(o, **MULTI_STEP), 10, TWO_GROUPS),
            "linear": [lr_sequences(lambda o: lr.LinearLR(o, **case), 9, TWO_GROUPS) for case in LINEAR_CASES],
            # OneCycleLR's cases with max_lr the list of the groups' rates (each group peaks at its own)...
            "oneCycle": [lr_sequences(lambda o: one_cycle(o, TWO_GROUPS, case), case["total_steps"], TWO_GROUPS)
                         for case in ONE_CYCLE_CASES],
            # ... and the first case with one max_lr for both groups.
            "oneCycleOneMax": lr_sequences(lambda o: one_cycle(o, ONE_CYCLE_MAX_LR, ONE_CYCLE_CASES[0]),
                                           ONE_CYCLE_CASES[0]["total_steps"], TWO_GROUPS),
        },
    }


def write(name, obj):
    path = os.path.join(HERE, name)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=1, allow_nan=False, default=str)
        f.write("\n")
    os.replace(tmp, path)


if __name__ == "__main__":
    cases = [run_case(n, c, kw, g, gr, dt) for (n, c, kw, g, gr) in CASES for dt in (torch.float32, torch.float64)]
    write("optimizers.json", {"torch": torch.__version__, "defaults": defaults(), "cases": cases})
    write("schedules.json", {"torch": torch.__version__, **schedules()})
