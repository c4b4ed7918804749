#!/usr/bin/env bash
# Runs MarketPrism's whole test suite: unit tests and integration tests (simulator and collector as real processes,
# NATS JetStream and ClickHouse as real servers, promtool on the metrics and alert rules). This is the README's test
# command and what .ci/run calls.
#
# The servers come from scripts/test-servers.sh (installed from apt when missing, started on 127.0.0.1 with data in a
# temporary directory, stopped when this script exits). Their addresses reach the tests as MPTEST_* variables,
# and MPTEST_REQUIRE_SERVERS=1 makes every test that needs a server fail, not skip, when one is missing.
# Servers that were already running (scripts/test-servers.sh start by hand) are used and left running.
# MPTEST_LONG_OUTAGE=1 adds a 5-minute sink outage test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK is required (see global.json for the version)." >&2
  exit 1
fi

if scripts/test-servers.sh status 2>/dev/null; then
  servers=$(scripts/test-servers.sh env)
else
  trap 'scripts/test-servers.sh stop' EXIT
  servers=$(scripts/test-servers.sh start)
fi
eval "$servers"
export MPTEST_REQUIRE_SERVERS=1

dotnet build MarketPrism.slnx -c Release
dotnet test --solution MarketPrism.slnx -c Release --no-build "$@"
