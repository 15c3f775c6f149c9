#!/usr/bin/env bash
# Run the ELECTRA speed benchmarks (nbs/08_step.ipynb) on a CUDA GPU, in one go, and print the markdown tables.
# Usage: tools/bench.sh [OUT_DIR]          (default: bench/<gpu-name>-<date>)
# Needs the package installed (pip install -e .) so that `electra-bench` is on the PATH.
set -euo pipefail
gpu=$(python -c "import torch; print(torch.cuda.get_device_name(0).replace(' ', '_'))")
out=${1:-bench/${gpu}-$(date -u +%Y%m%d-%H%M)}
mkdir -p "$out"
# 1. reference (seed-style, fp16 + GradScaler, eager) vs fast (bf16, compiled without CUDA graphs), same process
electra-bench --device cuda --out "$out/main" 2>&1 | tee "$out/main.log"
# 2. fast path with CUDA graphs (compile mode reduce-overhead)
electra-bench --device cuda --paths fast --compile-mode reduce-overhead --out "$out/cudagraphs" 2>&1 | tee "$out/cudagraphs.log"
# 3. GLUE: 10 seeds batched vs 1 seed (seconds per step)
electra-bench --device cuda --glue-seeds 10 --out "$out/glue" 2>&1 | tee "$out/glue.log"
echo; echo "== results in $out =="; cat "$out/main/bench.md"; tail -n +3 "$out/cudagraphs/bench.md"; cat "$out/glue/bench_glue.json"
