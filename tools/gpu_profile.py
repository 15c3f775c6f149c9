#!/usr/bin/env python3
"""Where a training step's GPU time goes (maintainer tool, not part of the book).

Profiles the fast pretraining step (eager, so each kernel is attributed to a phase), times diagnostic variants of the
graphed step side by side, and profiles one batched GLUE step. Prints short tables; `--cpu` runs it with the tiny model.
    python tools/gpu_profile.py [--cpu] [--parts step,variants,glue]
"""
import argparse, contextlib, functools, sys, time
import torch
from torch.profiler import profile, record_function, ProfilerActivity

import electra_nbdev.step as S
import electra_nbdev.model as M
from electra_nbdev.core import set_seed, get_size, max_predictions
from electra_nbdev.generator import electra_configs, tiny_configs
from electra_nbdev.model import ELECTRAModel, ELECTRALoss
from electra_nbdev.bench import synthetic_packed

p = argparse.ArgumentParser()
p.add_argument('--cpu', action='store_true'); p.add_argument('--parts', default='step,variants,glue')
p.add_argument('--steps', type=int, default=30)
args = p.parse_args()
dev = torch.device('cpu' if args.cpu else 'cuda')
parts = set(args.parts.split(','))
B, L = (8, 64) if args.cpu else (128, 128)
sz = get_size('small')

def sync():
    if dev.type == 'cuda': torch.cuda.synchronize()

def build(graph, compile=False, sdpa=True, **cfg):
    set_seed(0)
    gc, dc = tiny_configs(**cfg) if args.cpu else electra_configs('small', **cfg)
    model = ELECTRAModel.from_configs(gc, dc).to(dev)
    return S.FastStep(model, ELECTRALoss(sz.gen_weight, sz.disc_weight), lr=sz.lr, total_steps=sz.steps,
                      warmup_steps=sz.warmup_steps, weight_decay=sz.weight_decay, eps=sz.adam_eps,
                      max_predictions=max_predictions(sz.mask_prob, L), graph=graph, compile=compile, sdpa=sdpa)

ids, sent = synthetic_packed(4 * B, L, 30522 if not args.cpu else tiny_configs()[1].vocab_size)
batches = [(ids[i * B:(i + 1) * B].to(dev), sent[i * B:(i + 1) * B].to(dev)) for i in range(4)]

def time_step(step, n=None):
    n = n or (3 if args.cpu else args.steps)
    t0 = time.perf_counter()
    for i in range(5): step(*batches[i % 4])
    sync(); first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(n): step(*batches[i % 4])
    sync()
    return 1000 * (time.perf_counter() - t0) / n, first

PHASES = []
def annotate(obj, name, label):
    "Wrap obj.name in a profiler range called label."
    fn = getattr(obj, name)
    @functools.wraps(fn)
    def wrapped(*a, **k):
        with record_function(label): return fn(*a, **k)
    setattr(obj, name, wrapped); PHASES.append(label)
    return fn

def phase_table(prof, steps):
    ev = prof.key_averages()
    attr = 'self_device_time_total' if dev.type == 'cuda' else 'self_cpu_time_total'
    tot_attr = 'device_time_total' if dev.type == 'cuda' else 'cpu_time_total'
    kernels = [e for e in ev if getattr(e, attr, 0) > 0 and e.key not in PHASES       # a named range is not a kernel
               and (dev.type == 'cpu' or e.device_type == torch.autograd.DeviceType.CUDA)]
    total = sum(getattr(e, attr) for e in kernels) / steps / 1000
    n = sum(e.count for e in kernels) / steps
    print(f"device time per step {total:.2f} ms in {n:.0f} kernels (mean {1000 * total / max(n, 1):.1f} us)")
    for label in PHASES:
        e = next((e for e in ev if e.key == label), None)
        if e is not None: print(f"  {label:<22} {getattr(e, tot_attr) / steps / 1000:7.2f} ms")
    print("  top kernels (ms/step, launches/step; named ranges left out):")
    for e in sorted(kernels, key=lambda e: -getattr(e, attr))[:22]:
        print(f"    {getattr(e, attr) / steps / 1000:6.2f} {e.count / steps:5.0f}  {e.key[:110]}")

def profile_step(step, title, steps=3):
    for i in range(4): step(*batches[i % 4])
    sync()
    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if dev.type == 'cuda' else [])
    with profile(activities=acts) as prof:
        for i in range(steps): step(*batches[i % 4])
        sync()
    print(f"\n## {title}"); phase_table(prof, steps)

if parts & {'step', 'variants', 'compiled'}:
    annotate(S.FastStep, 'mask', 'mask')
    annotate(ELECTRAModel, 'generator_logits', 'generator forward')
    annotate(M, 'gumbel_sample', 'gumbel sample')
    annotate(ELECTRALoss, 'components', 'losses')
    annotate(S, 'device_metrics', 'metrics')
    annotate(S, 'clip_by_global_norm_', 'clip')
    annotate(S, 'adam_no_bias_correction_', 'adam')
    orig_backward = torch.Tensor.backward
    def backward(self, *a, **k):
        with record_function('backward'): return orig_backward(self, *a, **k)
    torch.Tensor.backward = backward; PHASES.append('backward')
    _fwd = ELECTRAModel.forward
    def fwd(self, *a, **k):
        orig = self.discriminator.forward
        def disc(*x, **y):
            with record_function('discriminator forward'): return orig(*x, **y)
        self.discriminator.forward = disc
        try: return _fwd(self, *a, **k)
        finally: del self.discriminator.forward
    ELECTRAModel.forward = fwd; PHASES.append('discriminator forward')

if 'step' in parts:
    print(f"# torch {torch.__version__}, {torch.cuda.get_device_name(0) if dev.type == 'cuda' else 'cpu'}, batch {B}x{L}")
    profile_step(build(graph=False), 'fast step, eager, kernels by phase')
    sys.stdout.flush()

if 'variants' in parts:
    print("\n## graphed variants (ms/step; first 5 steps s)")
    variants = [('graphed', {}), ('graphed, no dropout (diagnostic)', dict(cfg=dict(hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0))),
                ('graphed, eager attention', dict(sdpa=False)),
                ('graphed, metrics off (diagnostic)', dict(no_metrics=True)),
                ('graphed, Adam unfused (comparison)', dict(unfused=True))]
    for name, kw in variants:
        saved, saved_adam, step = S.device_metrics, S.adam_no_bias_correction_, None
        if kw.get('no_metrics'): S.device_metrics = lambda out, loss, g, d: torch.stack([loss.detach().float(), g.detach().float(), d.detach().float(), *([loss.detach().float() * 0] * 7)])
        if kw.get('unfused'): S.adam_no_bias_correction_ = functools.partial(saved_adam, fused=False)
        try:
            step = build(graph=not args.cpu, sdpa=kw.get('sdpa', True), **kw.get('cfg', {}))
            ms, first = time_step(step)
            print(f"  {name:<40} {ms:7.2f} ms  {first:6.1f} s"); sys.stdout.flush()
        except Exception as e: print(f"  {name:<40} failed: {type(e).__name__}: {str(e)[:200]}")
        finally: S.device_metrics, S.adam_no_bias_correction_ = saved, saved_adam
        del step; torch.cuda.empty_cache() if dev.type == 'cuda' else None

if 'compiled' in parts:
    print("\n## graphed + compiled variants (ms/step; first 5 steps s, i.e. compile + capture)")
    saved_adam = S.adam_no_bias_correction_
    for name in ('compile=True', 'compile=True, Adam unfused (comparison)'):
        if 'unfused' in name: S.adam_no_bias_correction_ = functools.partial(saved_adam, fused=False)
        try:
            step = build(graph=not args.cpu, compile=True)
            ms, first = time_step(step)
            print(f"  {name:<40} {ms:7.2f} ms  {first:6.1f} s"); sys.stdout.flush()
        except Exception as e: print(f"  {name:<40} failed: {type(e).__name__}: {str(e)[:300]}")
        finally: S.adam_no_bias_correction_ = saved_adam
    del step
    profile_step(build(graph=False, compile=True), 'compile=True, graph off, kernels by phase')

if 'glue' in parts:
    from electra_nbdev.bench import benchmark_glue_seeds
    import electra_nbdev.glue_runs as G
    from electra_nbdev.glue_runs import MultiSeedTrainer, ElectraGlueModel, GlueLoss, bucketed_batches
    from transformers import ElectraModel
    from electra_nbdev.core import CLS_ID, SEP_ID
    dc = (tiny_configs() if args.cpu else electra_configs('small'))[1]
    def make(seed):
        set_seed(seed); return ElectraGlueModel(ElectraModel._from_config(dc, attn_implementation='eager'), 2)
    g = torch.Generator().manual_seed(0)
    rows = [dict(input_ids=[CLS_ID] + torch.randint(1000, dc.vocab_size, (126,), generator=g).tolist() + [SEP_ID],
                 token_type_ids=[0] * 128, label=i % 2) for i in range(128)]
    PHASES.clear()
    annotate(G, 'clip_by_global_norm_', 'clip'); annotate(G, 'adam_no_bias_correction_', 'adam')
    for n, comp in ((1, False), (10, False), (10, True)):
        tr = MultiSeedTrainer(make, list(range(n)), lr=1e-4, device=dev, loss_func=GlueLoss(), batch_size=32, max_length=128,
                              amp_dtype=None if args.cpu else torch.bfloat16, cuda_graphs=False, compile=comp)
        enc = tr.encode(rows)
        data = [tr.batch(enc, [list(range(32 * i, 32 * i + 32))] * n) for i in range(4)]
        for i in range(3): tr.step(*data[i % 4], lr=1e-4)
        sync()
        acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if dev.type == 'cuda' else [])
        with profile(activities=acts) as prof:
            for i in range(3): tr.step(*data[i % 4], lr=1e-4)
            sync()
        print(f"\n## GLUE, {n} seed(s) 32x128, {'compiled' if comp else 'eager'}, kernels"); phase_table(prof, 3)
        del tr
