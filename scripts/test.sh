#!/usr/bin/env bash
# Runs MarketPrism's whole test suite: unit tests and integration tests (simulator and collector as real processes).
# This is the README's test command and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK is required (see global.json for the version)." >&2
  exit 1
fi

dotnet build MarketPrism.slnx -c Release
dotnet test --solution MarketPrism.slnx -c Release --no-build "$@"
