#!/usr/bin/env bash
# Sets up and builds Lockstep (scripts/setup.sh), then runs it. The desktop app is not written
# yet, so this runs the command-line tool on the drain scenario: three readers and a writer
# through the merged per-VMA lock, every step printed. Once the desktop app exists, it replaces
# this command here. Extra arguments go to the CLI, e.g. scripts/run.sh --variant v7 --json.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
printf 'run: build/app/cli/lockstep-cli run vma-drain %s\n' "$*"
exec build/app/cli/lockstep-cli run vma-drain "$@"
