#!/usr/bin/env bash
# Builds vnsearch with warnings as errors and runs the whole test suite (ctest).
# Extra arguments go to CMake's configure step, e.g. -DCMAKE_CXX_FLAGS=-fsanitize=address.
# BUILD_DIR (default build/test) names the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
build=${BUILD_DIR:-build/test}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_COMPILE_WARNING_AS_ERROR=ON "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
