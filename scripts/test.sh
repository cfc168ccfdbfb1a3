#!/usr/bin/env bash
# Sets up and builds Lockstep (scripts/setup.sh), then runs the whole test suite through ctest,
# headless. Exits with ctest's status. The benchmarks in tests/benchmarks are built but are not
# part of the suite.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
printf 'test: ctest --test-dir build --output-on-failure --no-tests=error -j2\n'
status=0
ctest --test-dir build --output-on-failure --no-tests=error -j2 || status=$?
if ((status == 0)); then
    printf 'test: all tests passed\n'
else
    printf 'test: ctest failed with status %d\n' "$status" >&2
fi
exit "$status"
