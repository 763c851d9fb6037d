#!/usr/bin/env bash
# The Python references, installed from the Python package index into a virtual environment kept
# outside the source tree: the newest `torch` wheel (a CUDA LibTorch 2.x for the second build,
# packaging/torch-build.sh), `torchvision` (operators and Mask R-CNN measured next to ours) and
# `pycocotools` + `numpy` (RLE and COCOeval compared in the same run). Never vendored.
#
#   packaging/torch-env.sh            create or update the environment; print its python
#   packaging/torch-env.sh --python   only print the python path (exit 1 when not set up)
#
# Environment: ZSI_TORCH_VENV (default ${XDG_CACHE_HOME:-~/.cache}/zsi/torch-venv), PYTHON (the
# interpreter that creates it; default python3), ZSI_TORCH_SPEC (default "torch": a version pin
# such as "torch==2.15.0" for a reproducible run). The environment is a cache: a second run checks
# the index for newer wheels and downloads nothing when it has them (docs/BENCHMARKS.md, "Wheel").
set -euo pipefail
venv="${ZSI_TORCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/zsi/torch-venv}"
py="$venv/bin/python3"
modules_ok() { "$py" -c 'import torch, torchvision, pycocotools, numpy' >/dev/null 2>&1; }

if [ "${1:-}" = "--python" ]; then
  modules_ok || { echo "torch-env.sh: no complete environment at $venv (run packaging/torch-env.sh)" >&2; exit 1; }
  echo "$py"; exit 0
fi

if [ ! -x "$py" ]; then
  base="${PYTHON:-python3}"
  echo "torch-env.sh: creating $venv with $($base --version 2>&1)" >&2
  mkdir -p "$(dirname "$venv")"
  if ! "$base" -m venv "$venv" 2>/dev/null; then
    # Debian's python3 makes environments only with python3-venv installed.
    rm -rf "$venv"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv >&2
    fi
    "$base" -m venv "$venv"
  fi
fi
start=$(date +%s)
# --upgrade: the newest wheels, as the issue asks; pip downloads only what changed.
# A failed check for newer wheels (index unreachable) keeps a complete cached environment.
if ! "$py" -m pip install -q --disable-pip-version-check --progress-bar off --upgrade \
  "${ZSI_TORCH_SPEC:-torch}" torchvision pycocotools numpy >&2; then
  modules_ok || { echo "torch-env.sh: installing into $venv failed" >&2; exit 1; }
  echo "torch-env.sh: could not check for newer wheels; using the cached environment" >&2
fi
modules_ok || { echo "torch-env.sh: the environment at $venv does not import torch, torchvision, pycocotools and numpy" >&2; exit 1; }
"$py" - >&2 <<'PY'
import importlib.metadata as m, torch
print("torch-env.sh: torch %s (CUDA %s), torchvision %s, pycocotools %s, numpy %s" % (
    torch.__version__, torch.version.cuda, m.version("torchvision"), m.version("pycocotools"), m.version("numpy")))
PY
echo "torch-env.sh: ready in $(( $(date +%s) - start )) s, $(du -sh "$venv" | cut -f1) at $venv" >&2
echo "$py"
