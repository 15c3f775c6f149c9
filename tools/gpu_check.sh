#!/usr/bin/env bash
# One check of the training step on a GPU machine, about 4 minutes on an H200, results under $OUT (8 files):
#   1. the chapters whose `cuda` cells are checks (model, optim, step, GLUE runs, bench; the replication chapter's `cuda`
#      cells are hours-long runs and are left out), run top to bottom with the `cuda` cells by tools/run_notebooks; the
#      executed copies come back in $OUT/notebooks.tar.gz, to merge the `cuda` cells' outputs into the book with
#      `tools/run_notebooks --flags cuda --merge-from DIR NB...` (the benchmark chapter runs alone: it times);
#   2. seconds from process start to the end of the first graphed optimizer step (`electra-bench --paths graphed`);
#   3. `electra-bench`: reference, eager, graphed, graphed+compiled side by side in one process (ELECTRA-Small 128x128);
#   4. ELECTRA-Base at length 512, batch 256 in 4 micro-batches, graphed: sequences/s, MFU, peak memory;
#   5. `electra-pretrain --size small --data demo` end to end for 1,000 steps, sequences/s from its log.csv;
#   6. GLUE: 10 seeds trained together vs one, and vs one run trained the plain way, and the 10 compiled (time per step);
# then prints a short table (also in $OUT/summary.md). GPU_CHECK_SKIP="2 4" leaves parts 2 and 4 out (any of 1-6).
#
# On the GPU machine (see ../shared/device/README.md; `prepare --nbdev` for step 1):
#     source .device/setup.sh && tools/gpu_check.sh
# Here, on a CPU, with the tiny model and a few steps (checks the script end to end, measures nothing):
#     tools/gpu_check.sh --cpu
set -uo pipefail
mode=gpu; [ "${1:-}" = "--cpu" ] && mode=cpu
OUT=${OUT:-gpu_check_out}; mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
PY=${PYTHON:-python3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
log="$OUT/gpu_check.log"; : > "$log"
budget=${GPU_CHECK_BUDGET:-500}            # seconds for everything; each part gets at most what is left
say() { echo "== $*" | tee -a "$log"; }
left() { echo $(( budget - SECONDS )); }
cap() { local l; l=$(left); [ "$1" -lt "$l" ] && echo "$1" || echo $(( l > 10 ? l : 10 )); }
want() { [[ " ${GPU_CHECK_SKIP:-} " != *" $1 "* ]]; }   # GPU_CHECK_SKIP="2 4": leave out parts 2 and 4
run() { local t=$1; shift; echo "\$ $*" >> "$log"; timeout "$t" "$@" >> "$log" 2>&1; local rc=$?; echo "(exit $rc)" >> "$log"; return $rc; }

if [ $mode = gpu ]; then
  dev=(--device cuda); bench=(); base=(--size base --seq-len 512 --batch-size 256 --grad-accum 4 --steps 10 --warmup 4)
  small_paths=reference,eager,graphed,compiled; first_path=graphed; notebooks='07_model 08_optim 09_step 15_glue_runs'
  pretrain=(--size small --data demo --steps 1000 --log-every 100 --device cuda); glue=(--glue-seeds 10 --steps 20 --glue-compile)
else
  dev=(--device cpu); bench=(--tiny --batch-size 8 --seq-len 64); base=(--tiny --batch-size 8 --seq-len 64 --grad-accum 2 --steps 2 --warmup 1)
  small_paths=reference,eager,graphed; first_path=eager; notebooks='08_optim'
  pretrain=(--preset demo --steps 20 --log-every 10 --device cpu); glue=(--glue-seeds 2 --tiny --batch-size 4 --seq-len 16 --steps 2 --glue-compile)
fi
say "gpu_check ($mode) $(date -u '+%Y-%m-%d %H:%M UTC'), $($PY -c 'import torch; print("torch", torch.__version__, "|", torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU")')"

say "1. the chapters with their cuda cells: $notebooks, then 19_bench alone"
nb_paths=(); for n in $notebooks; do nb_paths+=("nbs/$n.ipynb"); done
if ! want 1; then echo "skipped (GPU_CHECK_SKIP)" > "$work/tests.txt"
elif ! $PY -c 'import execnb, nbdev' 2> /dev/null; then echo "execnb or nbdev not installed (prepare --nbdev): skipped" > "$work/tests.txt"
elif run "$(cap 150)" $PY tools/run_notebooks --flags cuda --jobs 4 --out "$work/nbs" "${nb_paths[@]}"; ok=$?
     run "$(cap 90)" $PY tools/run_notebooks --flags cuda --out "$work/nbs" nbs/19_bench.ipynb; ok2=$?; [ $ok -eq 0 ] && [ $ok2 -eq 0 ]; then
  echo "cuda cells passed: $notebooks 19_bench" > "$work/tests.txt"
else echo "cuda cells FAILED in: $(grep -o '^[0-9a-z_]*\.ipynb: FAILED' "$log" | cut -d: -f1 | tr '\n' ' ')(see gpu_check.log)" > "$work/tests.txt"; fi
cat "$work/tests.txt" | tee -a "$log"
[ -d "$work/nbs" ] && tar czf "$OUT/notebooks.tar.gz" -C "$work" nbs

if want 2; then
  say "2. process start to the first $first_path optimizer step"
  t0=$(date +%s.%N)
  run "$(cap 120)" electra-bench "${dev[@]}" "${bench[@]}" --paths $first_path --steps 1 --warmup 4 --out "$work/first"
  t1=$(date +%s.%N)
  $PY -c "print(round($t1 - $t0, 1))" > "$work/first_s.txt"; cat "$work/first_s.txt" >> "$log"
fi

if want 3; then
  say "3. electra-bench, side by side: $small_paths"
  run "$(cap 240)" electra-bench "${dev[@]}" "${bench[@]}" --paths $small_paths --out "$work/small" \
    $([ $mode = cpu ] && echo --steps 3 --warmup 1)
  cp "$work/small/bench.json" "$OUT/small.json" 2>/dev/null; cp "$work/small/bench.png" "$OUT/small.png" 2>/dev/null
fi

if want 4; then
  say "4. ELECTRA-Base, length 512 (graphed)"
  run "$(cap 150)" electra-bench "${dev[@]}" "${base[@]}" --paths $first_path --out "$work/base"
  cp "$work/base/bench.json" "$OUT/base.json" 2>/dev/null
fi

if want 5; then
  say "5. electra-pretrain end to end"
  step_opt=()     # the fast step is electra-pretrain's default where `--step` exists; before that it was `--compile`
  electra-pretrain --help 2>/dev/null | grep -qE -- '--step([ ,=]|$)' || step_opt=(--compile)
  run "$(cap 180)" electra-pretrain "${pretrain[@]}" "${step_opt[@]}" --out "$work/run" --overwrite --quiet
  cp "$work/run/log.csv" "$OUT/pretrain_log.csv" 2>/dev/null
  cp "$work/run/summary.json" "$work/pretrain_summary.json" 2>/dev/null
fi

if want 6; then
  say "6. GLUE seeds trained together (eager and graphed, then compiled)"
  run "$(cap 240)" electra-bench "${dev[@]}" "${glue[@]}" --out "$work/glue"
  cp "$work/glue/bench_glue.json" "$OUT/glue.json" 2>/dev/null
fi

say "summary ($SECONDS s in all)"
$PY - "$OUT" "$work" >> "$log" 2>&1 <<'PY'
import csv, json, sys
from pathlib import Path
out, work = Path(sys.argv[1]), Path(sys.argv[2])
def load(p):
    try: return json.loads(Path(p).read_text())
    except (OSError, ValueError): return None
def f(v, fmt='{:,.0f}'): return '—' if v is None else fmt.format(v)
lines = ['| what | sequences/s | ms/step | speed-up | MFU | first step s | capture s | compile s | peak GB |',
         '|---|---|---|---|---|---|---|---|---|']
graphed = None
for name in ('small', 'base'):
    for r in load(out / f'{name}.json') or []:
        if 'error' in r: lines.append(f"| {name} run, {r['path']}: failed | {r['error'][:70]} | | | | | | | |"); continue
        if name == 'small' and r['path'] == 'graphed': graphed = r['seq_per_s']
        lines.append(f"| {r['size']} {r['batch_size']}x{r['seq_len']}: {r['kind']} | {f(r['seq_per_s'])} | {f(r['step_ms'], '{:.2f}')} "
                     f"| {f(r.get('speedup'), '{:.1f}x')} | {f(r['mfu'] and 100 * r['mfu'], '{:.1f}%')} "
                     f"| {f(r['first_step_s'], '{:.2f}')} | {f(r['capture_s'], '{:.2f}')} | {f(r['compile_s'], '{:.1f}')} "
                     f"| {f(r['peak_mem_gb'], '{:.1f}')} |")
first = (work / 'first_s.txt').read_text().strip() if (work / 'first_s.txt').exists() else None
lines.append(f"| process start to the end of the first step (with graph capture on a GPU) | | | | | {first or '—'} s | | | |")
try:
    rows = list(csv.DictReader(open(out / 'pretrain_log.csv')))[1:]   # the first row includes start-up
    sps = sum(float(r['seq_per_s']) for r in rows) / len(rows) if rows else None
except OSError: sps = None
kind = (load(work / 'pretrain_summary.json') or {}).get('step_kind', '?')
ratio = f" ({sps / graphed:.0%} of the benchmark)" if sps and graphed else ''
lines.append(f"| electra-pretrain end to end ({kind} step), mean after the first log row | {f(sps)}{ratio} | | | | | | | |")
g = load(out / 'glue.json')
lines.append(f"| GLUE, {g['n_seeds']} seeds together, 1 seed, 1 plain run ({g.get('precision', '?')}, batch {g['batch_size']}): "
             f"{1e3 * g['s_per_step_n']:.1f}, {1e3 * g['s_per_step_1']:.1f}, {1e3 * g.get('s_per_step_plain', float('nan')):.1f} ms "
             f"per step | {g['cost_ratio']:.2f}x one seed, {g.get('cost_ratio_plain', float('nan')):.2f}x a plain run | | | | | | | |" if g
             else "| GLUE seeds | failed or skipped | | | | | | | |")
if g and 's_per_step_n_compiled' in g:
    lines.append(f"| GLUE, {g['n_seeds']} seeds together, compiled: {1e3 * g['s_per_step_n_compiled']:.1f} ms per step | "
                 f"{g['s_per_step_n'] / g['s_per_step_n_compiled']:.2f}x the uncompiled | | | | {g['first_steps_s_compiled']:.1f} s | | | |")
tests = (work / 'tests.txt').read_text().strip().replace('\n', '; ')
text = '\n'.join(lines) + f"\n\ntests: {tests}\n"
(out / 'summary.md').write_text(text)
print(text)
PY
cat "$OUT/summary.md"
echo "results: $(ls "$OUT" | tr '\n' ' ')"
