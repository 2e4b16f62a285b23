#!/usr/bin/python3
"""Reference values for OptimizerReferenceTest, computed with PyTorch (run: /usr/bin/python3
torch_reference.py > torch_reference.csv). Every optimizer case trains the same 9 parameters,
laid out like a Nabla model 'hidden' (2 -> 2, W then b) followed by 'output' (2 -> 1, W then b),
for 5 steps with fixed gradients; schedule cases record the learning rate of each epoch.

After a first line naming the torch version, lines are CSV (floats printed with 9 significant
digits, i.e. exact float32 values):
  param,<case>,<step>,p0..p8   parameters after <step> steps (step 0: the initial values)
  grad,<case>,<step>,g0..g8    gradients given to step <step> (before any clipping)
  norm,<case>,<step>,n         global gradient norm clip_grad_norm_ returned at that step
  clipped,<case>,<step>,g0..g8 the gradients after clip_grad_norm_
  lr,<case>,<t>,rate           learning rate of epoch t
"""
import math

import torch

torch.set_default_dtype(torch.float32)
STEPS = 5
INITIAL = [0.5, -1.25, 0.75, 2.0, 0.1, -0.3, 1.5, -0.8, 0.25]
# (name, shape, offset): W is in x units row-major, like Nabla's flat buffer.
TENSORS = [("hidden.W", (2, 2), 0), ("hidden.b", (2,), 4), ("output.W", (2, 1), 6),
           ("output.b", (1,), 8)]
SCALES = [3.0, 0.2, 1.5, 0.5, 2.0]  # gradient norms around 1, so clipping acts on some steps


def fmt(values):
    return ",".join("%.9g" % v for v in values)


def gradient(step, scale):
    return [scale * SCALES[step] * math.sin(1.3 * i + 0.7 * step + 0.4) for i in range(len(INITIAL))]


def tensors():
    return [torch.tensor(INITIAL[o:o + math.prod(shape)]).reshape(shape).requires_grad_()
            for _, shape, o in TENSORS]


def flat(params):
    return [v for p in params for v in p.detach().reshape(-1).tolist()]


def run(name, make, clip=None, scale=1.0):
    params = tensors()
    optimizer = make(params)
    print("param,%s,0,%s" % (name, fmt(flat(params))))
    for step in range(STEPS):
        g = [float(torch.tensor(v, dtype=torch.float32)) for v in gradient(step, scale)]
        print("grad,%s,%d,%s" % (name, step + 1, fmt(g)))
        for p, (_, shape, o) in zip(params, TENSORS):
            p.grad = torch.tensor(g[o:o + math.prod(shape)]).reshape(shape)
        if clip is not None:
            norm = torch.nn.utils.clip_grad_norm_(params, clip)
            print("norm,%s,%d,%s" % (name, step + 1, fmt([float(norm)])))
            print("clipped,%s,%d,%s" % (name, step + 1, fmt([v for p in params
                                                           for v in p.grad.reshape(-1).tolist()])))
        optimizer.step()
        print("param,%s,%d,%s" % (name, step + 1, fmt(flat(params))))


def weights_and_biases(weight_decay, bias_decay=0.0):
    """Parameter groups as d2l and most PyTorch code use them: biases apart, not decayed."""
    return lambda params: [{"params": [params[0], params[2]], "weight_decay": weight_decay},
                           {"params": [params[1], params[3]], "weight_decay": bias_decay}]


def per_tensor(decays):
    return lambda params: [{"params": [p], "weight_decay": d} for p, d in zip(params, decays)]


print("# made by torch_reference.py with torch %s" % torch.__version__)
opt = torch.optim
run("sgd", lambda p: opt.SGD(p, lr=0.1))
run("sgd_decay_all", lambda p: opt.SGD(p, lr=0.1, weight_decay=0.1))
run("sgd_momentum", lambda p: opt.SGD(p, lr=0.1, momentum=0.9))
run("sgd_momentum_decay", lambda p: opt.SGD(weights_and_biases(0.05)(p), lr=0.1, momentum=0.9))
run("sgd_nesterov_decay",
    lambda p: opt.SGD(weights_and_biases(0.05)(p), lr=0.1, momentum=0.9, nesterov=True))
run("sgd_layer_override",
    lambda p: opt.SGD(per_tensor([0.2, 0.0, 0.01, 0.3])(p), lr=0.1, momentum=0.5))
run("rmsprop", lambda p: opt.RMSprop(p, lr=0.01))
run("rmsprop_momentum_decay",
    lambda p: opt.RMSprop(weights_and_biases(0.1)(p), lr=0.01, alpha=0.9, momentum=0.8))
run("adam", lambda p: opt.Adam(p, lr=0.1))
run("adamw", lambda p: opt.AdamW(weights_and_biases(0.1)(p), lr=0.1))
run("adamw_decay_all", lambda p: opt.AdamW(p, lr=0.1, weight_decay=0.1))
run("sgd_clip", lambda p: opt.SGD(weights_and_biases(0.05)(p), lr=0.1, momentum=0.9),
    clip=1.0)
run("adam_clip", lambda p: opt.Adam(p, lr=0.1), clip=0.5)
# Norms near PyTorch's 1e-6 guard: the guard changes the scale by a visible fraction.
run("sgd_clip_tiny", lambda p: opt.SGD(p, lr=0.1), clip=1e-6, scale=1e-6)

EPOCHS = 14
sched = opt.lr_scheduler


def schedule(name, make):
    optimizer = opt.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    scheduler = make(optimizer)
    for epoch in range(EPOCHS):
        print("lr,%s,%d,%s" % (name, epoch, "%.17g" % optimizer.param_groups[0]["lr"]))
        optimizer.step()
        scheduler.step()


schedule("step", lambda o: sched.StepLR(o, step_size=3, gamma=0.5))
schedule("exponential", lambda o: sched.ExponentialLR(o, gamma=0.8))
schedule("cosine", lambda o: sched.CosineAnnealingLR(o, T_max=10, eta_min=0.001))
schedule("warmup_cosine", lambda o: sched.SequentialLR(o, [
    sched.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4),
    sched.CosineAnnealingLR(o, T_max=8, eta_min=0.001)], milestones=[4]))
schedule("warmup_step", lambda o: sched.SequentialLR(o, [
    sched.LinearLR(o, start_factor=0.5, end_factor=1.0, total_iters=2),
    sched.StepLR(o, step_size=4, gamma=0.1)], milestones=[2]))
