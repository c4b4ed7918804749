#!/usr/bin/env bash
# Runs MarketPrism's whole test suite: unit tests and integration tests (simulator and collector as real processes,
# promtool on the metrics and alert rules). This is the README's test command and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK is required (see global.json for the version)." >&2
  exit 1
fi

# Tools the tests run for real, from Debian's packages when missing: promtool (package prometheus).
install_packages() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
if ! command -v promtool >/dev/null 2>&1; then
  echo "Installing promtool (Debian package prometheus)..."
  install_packages prometheus
fi

dotnet build MarketPrism.slnx -c Release
dotnet test --solution MarketPrism.slnx -c Release --no-build "$@"
