#!/usr/bin/env bash
# Real servers for MarketPrism's tests and for trying the NATS and ClickHouse sinks by hand:
# nats-server (with JetStream) and clickhouse-server, on 127.0.0.1, with their data in a temporary directory.
#
#   scripts/test-servers.sh start    install what is missing (apt), start both, wait until they answer, print their
#                                    addresses as `export` lines (eval "$(scripts/test-servers.sh start)")
#   scripts/test-servers.sh stop     stop both (by the PIDs recorded at start) and delete their data
#   scripts/test-servers.sh status   say what runs where; exit code 0 only if both run
#   scripts/test-servers.sh env      print the `export` lines of the running servers
#   scripts/test-servers.sh install  only install nats-server, clickhouse-server and prometheus (for promtool)
#
# Ports: NATS 4222 and ClickHouse 8123 when free, else free ports (printed). Several checkouts on one machine each get
# their own servers: the state directory is keyed by the checkout's path (override with MPTEST_SERVERS_STATE).
# Installing needs apt-get and root (sudo is used when not root). Variables printed:
#   MPTEST_NATS_URL, MPTEST_CLICKHOUSE_URL      where the servers listen
#   MPTEST_NATS_SERVER_BIN, MPTEST_CLICKHOUSE_SERVER_BIN  the binaries (tests start private ones for outages)
# They are not MARKETPRISM_*: every MARKETPRISM_* variable is a config override, and an unknown one is a config error,
# so a shell that evaluated this script could not run the collector.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
KEY=$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)
STATE=${MPTEST_SERVERS_STATE:-${TMPDIR:-/tmp}/marketprism-test-servers-$(id -u)-$KEY}
ENV_FILE="$STATE/env"

log() { echo "test-servers: $*" >&2; }

find_binary() {
  local name=$1 candidate
  for candidate in "$(command -v "$name" 2>/dev/null || true)" "/usr/sbin/$name" "/usr/bin/$name" "/usr/local/bin/$name"; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install_missing() {
  local packages=()
  find_binary nats-server >/dev/null || packages+=(nats-server)
  find_binary clickhouse-server >/dev/null || packages+=(clickhouse-server)
  find_binary promtool >/dev/null || packages+=(prometheus)
  if [[ ${#packages[@]} -eq 0 ]]; then
    return 0
  fi

  if ! command -v apt-get >/dev/null 2>&1; then
    log "missing ${packages[*]} and no apt-get to install them; install them and run again"
    return 1
  fi

  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
      log "missing ${packages[*]}; installing needs root, and sudo is not available"
      return 1
    fi
    sudo=(sudo)
  fi

  log "installing ${packages[*]} with apt-get"
  # Another apt run (a second checkout's script, unattended upgrades) may hold the dpkg lock: wait for it.
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "${packages[@]}" >&2
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

USED_PORTS=" "
pick_port() {
  local preferred=$1 port _
  if [[ "$USED_PORTS" != *" $preferred "* ]] && port_free "$preferred"; then
    USED_PORTS+="$preferred "
    echo "$preferred"
    return 0
  fi
  for _ in $(seq 1 500); do
    port=$((20000 + RANDOM % 30000))
    if [[ "$USED_PORTS" != *" $port "* ]] && port_free "$port"; then
      USED_PORTS+="$port "
      echo "$port"
      return 0
    fi
  done
  log "no free port found"
  return 1
}

# True when PID runs the given binary: a recorded PID is never signalled after the OS gave it to another process.
pid_runs() {
  local pid=$1 binary=$2
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$(basename "$binary")"
}

running() {
  [[ -f "$STATE/nats.pid" && -f "$STATE/clickhouse.pid" && -f "$ENV_FILE" ]] || return 1
  pid_runs "$(cat "$STATE/nats.pid")" nats-server && pid_runs "$(cat "$STATE/clickhouse.pid")" clickhouse-server
}

wait_for() {
  local what=$1 url=$2 seconds=$3 pid=$4 log_file=$5 _
  for _ in $(seq 1 $((seconds * 5))); do
    if curl -sf "$url" >/dev/null 2>&1; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$what exited during start-up; its log:"
      tail -n 30 "$log_file" >&2 || true
      return 1
    fi
    sleep 0.2
  done
  log "$what did not answer at $url within ${seconds}s; its log:"
  tail -n 30 "$log_file" >&2 || true
  return 1
}

write_clickhouse_config() {
  local dir=$1 http_port=$2 tcp_port=$3
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas" "$dir/log"
  cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>warning</level>
        <log>$dir/log/clickhouse-server.log</log>
        <errorlog>$dir/log/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>2</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <http_port>$http_port</http_port>
    <tcp_port>$tcp_port</tcp_port>
    <path>$dir/data/</path>
    <tmp_path>$dir/tmp/</tmp_path>
    <user_files_path>$dir/user_files/</user_files_path>
    <format_schema_path>$dir/format_schemas/</format_schema_path>
    <users_config>users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <mark_cache_size>268435456</mark_cache_size>
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <max_concurrent_queries>100</max_concurrent_queries>
</yandex>
EOF
  cat >"$dir/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default>
            <max_memory_usage>4000000000</max_memory_usage>
        </default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default>
            <interval>
                <duration>3600</duration>
                <queries>0</queries>
                <errors>0</errors>
                <result_rows>0</result_rows>
                <read_rows>0</read_rows>
                <execution_time>0</execution_time>
            </interval>
        </default>
    </quotas>
</yandex>
EOF
}

start() {
  if running; then
    log "already running (state in $STATE)"
    cat "$ENV_FILE"
    return 0
  fi
  stop_servers quiet
  install_missing
  command -v curl >/dev/null 2>&1 || { log "curl is needed to check the servers"; return 1; }

  local nats_bin clickhouse_bin
  nats_bin=$(find_binary nats-server)
  clickhouse_bin=$(find_binary clickhouse-server)
  mkdir -p "$STATE"

  local nats_port nats_monitor clickhouse_http clickhouse_tcp
  nats_port=$(pick_port 4222)
  nats_monitor=$(pick_port 8222)
  clickhouse_http=$(pick_port 8123)
  clickhouse_tcp=$(pick_port 9000)

  mkdir -p "$STATE/nats"
  "$nats_bin" -a 127.0.0.1 -p "$nats_port" -m "$nats_monitor" -js -sd "$STATE/nats" >"$STATE/nats.log" 2>&1 &
  echo $! >"$STATE/nats.pid"

  write_clickhouse_config "$STATE/clickhouse" "$clickhouse_http" "$clickhouse_tcp"
  "$clickhouse_bin" --config-file="$STATE/clickhouse/config.xml" >"$STATE/clickhouse.log" 2>&1 &
  echo $! >"$STATE/clickhouse.pid"

  if ! wait_for nats-server "http://127.0.0.1:$nats_monitor/healthz" 30 "$(cat "$STATE/nats.pid")" "$STATE/nats.log" \
    || ! wait_for clickhouse-server "http://127.0.0.1:$clickhouse_http/ping" 90 "$(cat "$STATE/clickhouse.pid")" "$STATE/clickhouse/log/clickhouse-server.err.log"; then
    stop_servers quiet
    return 1
  fi

  cat >"$ENV_FILE" <<EOF
export MPTEST_NATS_URL=nats://127.0.0.1:$nats_port
export MPTEST_CLICKHOUSE_URL=http://127.0.0.1:$clickhouse_http
export MPTEST_NATS_SERVER_BIN=$nats_bin
export MPTEST_CLICKHOUSE_SERVER_BIN=$clickhouse_bin
EOF
  log "$("$nats_bin" --version 2>/dev/null | head -n1) on nats://127.0.0.1:$nats_port (pid $(cat "$STATE/nats.pid"))"
  log "clickhouse-server $(curl -sf "http://127.0.0.1:$clickhouse_http/" --data-binary 'SELECT version()') on http://127.0.0.1:$clickhouse_http (pid $(cat "$STATE/clickhouse.pid"))"
  log "data in $STATE; stop with: scripts/test-servers.sh stop"
  cat "$ENV_FILE"
}

stop_servers() {
  local quiet=${1:-}
  [[ -d "$STATE" ]] || return 0
  stop_named nats nats-server
  stop_named clickhouse clickhouse-server
  rm -rf "$STATE"
  [[ -n "$quiet" ]] || log "stopped; data in $STATE deleted"
}

stop_named() {
  local short=$1 binary=$2 pid_file="$STATE/$1.pid" pid _
  [[ -f "$pid_file" ]] || return 0
  pid=$(cat "$pid_file")
  if pid_runs "$pid" "$binary"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 75); do
      pid_runs "$pid" "$binary" || break
      sleep 0.2
    done
    if pid_runs "$pid" "$binary"; then
      log "$short (pid $pid) did not stop within 15s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pid_file"
}

status() {
  if running; then
    log "running (state in $STATE):"
    sed 's/^export /  /' "$ENV_FILE" >&2
    return 0
  fi
  log "not running"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop_servers ;;
  status) status ;;
  env)
    running || { log "not running; start them with: scripts/test-servers.sh start"; exit 3; }
    cat "$ENV_FILE"
    ;;
  install) install_missing ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
