#!/usr/bin/env bash
# Configures and builds Toxplan into build/ with every core. Warnings are errors in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTOXPLAN_WERROR="$werror" >/dev/null
cmake --build build -j"$(nproc)"
