#!/usr/bin/env python
"""How hard is replaced-token detection for the demo model once the generator has learned word frequencies?

A maintainer's tool (see tools/NOTES.md for what it measured). Two measurements on the bundled demo corpus:

* `--oracle`: a count-based bigram detector (counts from 90% of the packed rows, scored on the other 10%).
  It shows how much signal the *context* holds when replacements are drawn with the corpus' own word frequencies.
  It also prints the best accuracy any threshold on its score reaches, against the "always original" rate.
* default: a bare discriminator (the demo's 2-layer, 128-wide ElectraForPreTraining, the package's Adam without
  bias correction and warmup-then-decay schedule) trained on exactly that task: 15% of the real tokens of each batch
  are swapped for tokens drawn from the batch itself. Prints ROC AUC, loss and accuracy minus the "always original"
  rate per interval, so the length of the plateau can be read off.
* `--replace uniform`: the same, but replacements are drawn uniformly from ids 1000..30521, most of which the demo corpus
  never uses: a task solvable from the token alone, to see how long the optimizer takes to leave the base rate at all.
  `--bias-correction` swaps in torch's Adam (with bias correction) for the package's official Adam without it.

Usage: python tools/rtd_plateau.py [--oracle [--in-sample]] [--replace batch|uniform] [--bias-correction] [--steps 2000]
       [--lr 1e-3] [--warmup 100] [--every 100] [--seed 0] [--threads 1]
"""
import collections, math, time

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.metrics import roc_auc_score
from transformers import ElectraForPreTraining

from electra_nbdev.core import MASK_ID, run_cli
from electra_nbdev.data import get_tokenizer, demo_corpus
from electra_nbdev.packing import build_pretraining_dataset, collate_pretraining
from electra_nbdev.generator import electra_configs
from electra_nbdev.model import segment_ids_and_mask
from electra_nbdev.optim import AdamNoBiasCorrection, weight_decay_groups, linear_warmup_and_decay


def swap_with_batch_tokens(ids, prob, g, uniform=False):
    "Replace `prob` of the real (non-special) tokens by tokens drawn from the batch's own real tokens (or uniformly)."
    real = ids > MASK_ID                      # ids 0..103 are [PAD], [unused*], [UNK], [CLS], [SEP], [MASK]
    pick = (torch.rand(ids.shape, generator=g) < prob) & real
    if uniform: drawn = torch.randint(1000, 30522, ids.shape, generator=g)
    else:
        pool = ids[real]
        drawn = pool[torch.randint(0, len(pool), ids.shape, generator=g)]
    x = torch.where(pick, drawn, ids)
    return x, (x != ids).float()


def bigram_oracle(rows, prob=0.15, seed=0, in_sample=False):
    "ROC AUC of a smoothed bigram detector, counts from the first 90% of `rows`, scored on the rest (or on those 90%)."
    cut = len(rows) * 9 // 10
    train, test = rows[:cut], (rows[:cut] if in_sample else rows[cut:])
    uni = collections.Counter(train.flatten().tolist())
    pairs = collections.Counter(p for r in train.tolist() for p in zip(r[:-1], r[1:]))
    total, V = sum(uni.values()), len(uni)
    def logp(a, b): return math.log((pairs[(a, b)] + 0.1) / (uni[a] + 0.1 * V))
    x, y = swap_with_batch_tokens(test, prob, torch.Generator().manual_seed(seed))
    scores, labels = [], []
    for r, row in enumerate(x.tolist()):
        for i in range(1, len(row) - 1):
            if test[r, i] == 0: continue
            a, b, c = row[i - 1], row[i], row[i + 1]
            # how much less likely the neighbours make this token than its frequency alone does
            scores.append(2 * math.log(uni[b] / total + 1e-9) - logp(a, b) - logp(b, c))
            labels.append(int(y[r, i]))
    return roc_auc_score(labels, scores), float(np.mean(labels)), best_accuracy(scores, labels)


def best_accuracy(scores, labels):
    "The highest accuracy of 'replaced if score > t' over all thresholds t (chosen in hindsight: an upper bound)."
    y = np.asarray(labels)[np.argsort(-np.asarray(scores), kind='stable')]
    tp = np.cumsum(y); fp = np.arange(1, len(y) + 1) - tp
    return float(max((len(y) - y.sum()) / len(y), ((tp + (len(y) - y.sum()) - fp) / len(y)).max()))


def train_discriminator(ds, steps, lr, warmup, every, seed, batch_size=32, prob=0.15, uniform=False, bias_correction=False):
    torch.manual_seed(seed)
    _, cfg = electra_configs('small', hidden_size=128, num_hidden_layers=2, num_attention_heads=4,
                             intermediate_size=512, embedding_size=128)
    disc = ElectraForPreTraining(cfg)
    opt = (torch.optim.AdamW if bias_correction else AdamNoBiasCorrection)(weight_decay_groups(disc, 0.01), lr=lr, eps=1e-6)
    g = torch.Generator().manual_seed(seed)
    t0, gap = time.time(), []
    print('step   auc    loss   acc-base(pt)  seconds')
    for step in range(1, steps + 1):
        b = collate_pretraining([ds[i] for i in torch.randint(0, len(ds), (batch_size,), generator=g).tolist()])
        x, y = swap_with_batch_tokens(b['input_ids'], prob, g, uniform)
        tt, am = segment_ids_and_mask(b['input_ids'], b['sentA_length'])
        for pg in opt.param_groups: pg['lr'] = linear_warmup_and_decay(step, lr, steps, warmup)
        logits = disc(x, attention_mask=am, token_type_ids=tt).logits
        keep = am.bool()
        loss = F.binary_cross_entropy_with_logits(logits[keep], y[keep])
        opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(disc.parameters(), 1.0); opt.step()
        right = ((logits[keep] > 0).float() == y[keep]).float().mean()
        gap.append((right - (1 - y[keep].mean())).item())
        if step % every == 0:
            auc = roc_auc_score(y[keep].numpy(), logits.detach()[keep].numpy())
            print(f'{step:5d}  {auc:.3f}  {loss.item():.4f}  {100 * np.mean(gap):+8.2f}     {time.time() - t0:6.0f}', flush=True)
            gap = []


def rtd_plateau(oracle: bool = False,           # only the count-based bigram detector
                in_sample: bool = False,        # score the oracle on the rows it counted (memorised bigrams)
                replace: str = 'batch',         # batch: replacements drawn from the batch's tokens (frequency-matched) | uniform: from ids 1000..30521
                bias_correction: bool = False,  # torch's AdamW instead of the official Adam without bias correction
                steps: int = 2000,              # training steps of the bare discriminator
                lr: float = 1e-3,               # peak learning rate
                warmup: int = 100,              # warmup steps
                every: int = 100,               # steps per printed row
                seed: int = 0,                  # seed of the model and the replacements
                threads: int = 1):              # torch threads
    "How hard is replaced-token detection on the demo corpus once the generator has learned word frequencies?"
    if replace not in ('batch', 'uniform'): raise ValueError(f"--replace must be 'batch' or 'uniform', got {replace!r}")
    torch.set_num_threads(threads)
    ds = build_pretraining_dataset(demo_corpus(), get_tokenizer(), max_length=64, seed=0)
    if oracle:
        rows = collate_pretraining([ds[i] for i in range(len(ds))])['input_ids']
        auc, share, acc = bigram_oracle(rows, in_sample=in_sample)
        print(f'bigram detector ROC AUC {auc:.3f} on {"its counting" if in_sample else "held-out"} rows ({100 * share:.1f}% of tokens replaced); best accuracy '
              f'{acc:.4f} against {1 - share:.4f} for always answering "original" ({100 * (acc - 1 + share):+.2f} points)')
    else:
        train_discriminator(ds, steps, lr, warmup, every, seed, uniform=replace == 'uniform', bias_correction=bias_correction)


if __name__ == '__main__': run_cli(rtd_plateau, 'rtd_plateau.py')
