#!/usr/bin/env bash
# The main job on a built tree: with a display, open the studio; without one, run the same
# pipeline headless and say where the outputs are.
set -euo pipefail
build=${1:-build}
out="$build/main-job"
mkdir -p "$out"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/bin/zsi-studio"
fi
echo "No display: running headless."
"$build/bin/zsi" --version
QT_QPA_PLATFORM=offscreen "$build/bin/zsi-studio" --screenshot "$out/studio.png"
echo "Outputs in $out/: studio.png (the main window, rendered offscreen)"
