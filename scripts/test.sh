#!/usr/bin/env bash
# Sets up and builds Lockstep (scripts/setup.sh), then runs the whole test suite through ctest,
# headless, and the lesson parser's fuzzer for a short while. Exits non-zero if either fails.
# The benchmarks in tests/benchmarks are built but are not part of the suite.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
printf 'test: ctest --test-dir build --output-on-failure --no-tests=error -j2\n'
status=0
ctest --test-dir build --output-on-failure --no-tests=error -j2 || status=$?

# libFuzzer needs clang, so the fuzzer has its own build. Debian 12's clang 14 lacks the builtin
# libstdc++'s std::source_location needs, and clang 15 has no libFuzzer runtime package: 16 it is. It runs on a copy of the seed corpus, which it extends.
fuzz_seconds=${LOCKSTEP_FUZZ_SECONDS:-30}
printf 'test: fuzz the lesson parser for %s s\n' "$fuzz_seconds"
cmake -S tests/fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-16 > /dev/null
cmake --build build-fuzz --target fuzz_lesson
corpus=$(mktemp -d)
cp tests/fuzz/corpus/* lessons/*.yaml "$corpus"/ 2> /dev/null || true
if ! build-fuzz/fuzz_lesson -max_total_time="$fuzz_seconds" -print_final_stats=1 "$corpus" > build-fuzz/fuzz.log 2>&1; then
    tail -40 build-fuzz/fuzz.log >&2
    printf 'test: the lesson fuzzer found a crash (build-fuzz/fuzz.log, crash-* files)\n' >&2
    status=1
fi
rm -rf "$corpus"
grep -E '^(Done|stat::number_of_executed_units)' build-fuzz/fuzz.log || true

if ((status == 0)); then
    printf 'test: all tests passed\n'
else
    printf 'test: failed with status %d\n' "$status" >&2
fi
exit "$status"
