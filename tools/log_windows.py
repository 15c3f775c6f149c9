#!/usr/bin/env python
"""Summarise a pretraining run's log.csv in windows of N steps: generator accuracy and loss, discriminator loss and
accuracy, the share of original tokens, the accuracy gap to that share (in points) and the ROC AUC.

A maintainer's tool (see tools/NOTES.md), e.g. after
    python -m electra_nbdev.pretrain --preset demo --steps 3000 --out runs/demo3k --quiet
run: python tools/log_windows.py --run runs/demo3k --every 500
"""
from pathlib import Path

from electra_nbdev.core import run_cli
from electra_nbdev.log import read_log

COLUMNS = ('gen_acc', 'gen_loss', 'disc_loss', 'disc_acc', 'orig_share', 'disc_auc')

def windows(rows: list[dict], every: int):
    "Yield (first_step, last_step, means of COLUMNS) for consecutive windows of `every` steps."
    last = max(r['step'] for r in rows)
    for lo in range(0, last, every):
        w = [r for r in rows if lo < r['step'] <= lo + every]
        if w: yield lo + 1, lo + every, {k: sum(r[k] for r in w) / len(w) for k in COLUMNS}

def log_windows(run: str = None,    # a pretraining run folder (holding log.csv)
                every: int = 500):  # window length in steps
    "Print a pretraining run's log.csv averaged over windows of `every` steps."
    if run is None: raise ValueError("give the run folder with --run")
    log = Path(run) / 'log.csv'
    if not log.is_file(): raise ValueError(f"{log} does not exist: give a pretraining output folder")
    if every < 1: raise ValueError(f"--every must be a positive number of steps, got {every}")
    rows = read_log(log)
    if not rows: raise ValueError(f"{log} has no rows yet")
    for lo, hi, m in windows(rows, every):
        print(f"steps {lo}-{hi}: gen_acc {m['gen_acc']:.3f} gen_loss {m['gen_loss']:.3f} disc_loss {m['disc_loss']:.4f} "
              f"disc_acc {m['disc_acc']:.4f} share {m['orig_share']:.4f} gap {100 * (m['disc_acc'] - m['orig_share']):+.2f} pts "
              f"auc {m['disc_auc']:.3f}")

if __name__ == '__main__': run_cli(log_windows, 'log_windows.py')
