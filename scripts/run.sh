#!/usr/bin/env bash
# Sets up and builds Lockstep (scripts/setup.sh), then opens the desktop app. Extra arguments
# go to the app, e.g. scripts/run.sh --scenario vma-detach-lost-wakeup --variant L1.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && -z "${QT_QPA_PLATFORM:-}" ]]; then
    printf 'run: no display to open a window on. Run this from a desktop session, or try\n' >&2
    printf '     xvfb-run -a scripts/run.sh, or build/app/lockstep --screenshot shot.png\n' >&2
    exit 1
fi
printf 'run: build/app/lockstep %s\n' "$*"
exec build/app/lockstep "$@"
