#!/usr/bin/env python
"""Summarise a pretraining run's log.csv in windows of N steps: generator accuracy and loss, discriminator loss and
accuracy, the share of original tokens, the accuracy gap to that share (in points) and the ROC AUC.

Used for "The demo run" in nbs/12_pretrain.ipynb, e.g. after
    python -c "from electra_nbdev.pretrain import pretrain; pretrain(preset='demo', steps=3000, out='runs/demo3k', quiet=True)"
run: python tools/log_windows.py runs/demo3k --every 500
"""
import argparse, csv, sys
from pathlib import Path

def windows(rows, every):
    "Yield (first_step, last_step, means) for consecutive windows of `every` steps (rows with 'step' and metrics)."
    last = max(int(r['step']) for r in rows)
    for lo in range(0, last, every):
        w = [r for r in rows if lo < int(r['step']) <= lo + every]
        if not w: continue
        mean = lambda k: sum(float(r[k]) for r in w) / len(w)
        yield lo + 1, lo + every, {k: mean(k) for k in ('gen_acc', 'gen_loss', 'disc_loss', 'disc_acc', 'orig_share', 'disc_auc')}

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('run', help='a pretraining output folder (holding log.csv)')
    p.add_argument('--every', type=int, default=500, help='window length in steps (default 500)')
    a = p.parse_args(argv)
    log = Path(a.run) / 'log.csv'
    if not log.is_file(): p.error(f"{log} does not exist: give a pretraining output folder")
    if a.every < 1: p.error(f"--every must be a positive number of steps, got {a.every}")
    rows = list(csv.DictReader(open(log)))
    if not rows: p.error(f"{log} has no rows yet")
    for lo, hi, m in windows(rows, a.every):
        print(f"steps {lo}-{hi}: gen_acc {m['gen_acc']:.3f} gen_loss {m['gen_loss']:.3f} disc_loss {m['disc_loss']:.4f} "
              f"disc_acc {m['disc_acc']:.4f} share {m['orig_share']:.4f} gap {100 * (m['disc_acc'] - m['orig_share']):+.2f} pts "
              f"auc {m['disc_auc']:.3f}")

if __name__ == '__main__': sys.exit(main())
