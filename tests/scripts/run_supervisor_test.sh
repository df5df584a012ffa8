#!/usr/bin/env bash
# scripts/run as a supervisor, end to end with the real service binaries:
#   1. scripts/run starts its own MariaDB and the services on ports of their own
#      (SALES_RUN_PORT_OFFSET, SALES_RUN_DB_PORT) in a run folder of its own (SALES_RUN_DIR);
#   2. no password shows on the command line of any process of that run, and the secrets
#      folder and files are private (700, 600);
#   3. orders killed with -9 is started again and reports SERVING, while customers and the
#      database keep their pids; killed again at once, it waits twice as long (2 s);
#   4. SIGTERM to scripts/run stops every service and the database, and scripts/run exits 0.
# Processes are only ever signalled by pid; on failure everything started is stopped.
#
# Usage: run_supervisor_test.sh SOURCE_DIR BUILD_DIR WORK_DIR (WORK_DIR is emptied first and
# kept on failure, with run.out and the logs, for a look).
set -euo pipefail

[[ $# -eq 3 ]] || {
  echo "usage: $0 SOURCE_DIR BUILD_DIR WORK_DIR" >&2
  exit 2
}
src=$1
build=$2
work=$3
run_dir=$work/run
out=$work/run.out
readonly kServices=(customers orders)
readonly kStartTimeoutS=90
readonly kRestartTimeoutS=30
readonly kStopTimeoutS=60

run_pid=
db_pid=
declare -A pids=()
seen_pids=() # every pid of the run we looked at, checked again at the end
passed=0

say() { echo "run_supervisor_test: $SECONDS s: $*" >&2; }

fail() {
  say "FAIL: $*"
  exit 1
}

gone() { ! alive "$1"; }

alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# Polls `$@` every 0.2 s for up to $1 seconds.
wait_for() {
  local timeout_s=$1 waited=0
  shift
  until "$@"; do
    ((waited < timeout_s * 5)) || return 1
    sleep 0.2
    waited=$((waited + 1))
  done
}

on_exit() {
  local status=$? pid
  trap - EXIT
  if [[ -n $run_pid ]] && alive "$run_pid"; then
    say "stopping scripts/run (pid $run_pid)"
    kill -TERM "$run_pid" 2>/dev/null || true
    wait_for "$kStopTimeoutS" gone "$run_pid" || kill -KILL "$run_pid" 2>/dev/null || true
  fi
  # Whatever scripts/run could not stop, by pid.
  for pid in "${seen_pids[@]}" ${db_pid:+"$db_pid"}; do
    if alive "$pid"; then
      say "pid $pid is still running; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if ((passed)); then
    rm -rf "$work"
    say "PASS"
  else
    say "output of scripts/run ($out):"
    tail -n 60 "$out" >&2 2>/dev/null || true
    for name in "${kServices[@]}"; do
      say "end of $run_dir/logs/$name.log:"
      tail -n 15 "$run_dir/logs/$name.log" >&2 2>/dev/null || true
    done
    ((status != 0)) || status=1
  fi
  exit "$status"
}

# Whether every TCP port in "$@" can be bound on 127.0.0.1 now.
ports_free() {
  /usr/bin/python3 - "$@" <<'PY'
import socket, sys
for port in sys.argv[1:]:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", int(port)))
    except OSError:
        sys.exit(1)
    finally:
        s.close()
PY
}

# Whether the service on gRPC port $1 reports SERVING (or, without python3-grpcio, accepts).
serving() {
  if /usr/bin/python3 -c 'import grpc' 2>/dev/null; then
    /usr/bin/python3 -c '
import sys, grpc
channel = grpc.insecure_channel("127.0.0.1:" + sys.argv[1])
check = channel.unary_unary("/grpc.health.v1.Health/Check")
sys.exit(0 if check(b"", timeout=1) == b"\x08\x01" else 1)' "$1" 2>/dev/null
  else
    # shellcheck disable=SC2016  # $1 is expanded by the inner bash
    bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
  fi
}

pid_of() { cat "$run_dir/pids/$1.pid" 2>/dev/null; }

# Pids of scripts/run and everything below it, plus the database (in a session of its own).
run_tree() {
  local frontier=("$run_pid") next pid child
  echo "$run_pid"
  [[ -z $db_pid ]] || echo "$db_pid"
  while ((${#frontier[@]})); do
    next=()
    for pid in "${frontier[@]}"; do
      for child in $(ps -o pid= --ppid "$pid" 2>/dev/null || true); do
        echo "$child"
        next+=("$child")
      done
    done
    frontier=(${next[@]+"${next[@]}"})
  done
}

# Fails if a command line of the run names a password.
check_no_password_in_ps() {
  local pid args name
  for pid in $(run_tree); do
    args=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || continue
    [[ $args != *--db_password=* ]] || fail "pid $pid has a password on its command line: $args"
    [[ $args != *"IDENTIFIED BY"* ]] || fail "pid $pid shows SQL with a password: $args"
    for name in "${kServices[@]}"; do
      [[ $args != *"$name-dev"* ]] || fail "pid $pid shows $name's password: $args"
    done
  done
}

for name in "${kServices[@]}"; do
  if [[ ! -x $build/services/$name/${name}_server ]]; then
    say "SKIP: $build/services/$name/${name}_server is not built"
    exit 77
  fi
done

# A run that ctest's timeout killed may have left services and its database running in
# WORK_DIR: stop them (by pid file) before the folder goes.
if [[ -d $run_dir ]]; then
  for file in "$run_dir"/pids/*.pid; do
    [[ -f $file ]] || continue
    name=$(basename "$file" .pid)
    pid=$(<"$file")
    binary=$build/services/$name/${name}_server
    if [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$binary" ]]; then
      say "killing $name (pid $pid) left over from an earlier run"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  "$src/scripts/mariadb" stop "$run_dir/mariadb" >/dev/null 2>&1 || true
fi
trap on_exit EXIT
rm -rf "$work"
mkdir -p "$work"

# Ports nobody uses now: the offset moves 50051..50054 and 9451..9454 together.
offset=
for _ in $(seq 30); do
  candidate=$((1000 + RANDOM % 14000))
  db_port=$((20000 + RANDOM % 20000))
  if ports_free "$db_port" $((50051 + candidate)) $((50052 + candidate)) \
    $((50053 + candidate)) $((50054 + candidate)) $((9451 + candidate)) \
    $((9452 + candidate)) $((9453 + candidate)) $((9454 + candidate)); then
    offset=$candidate
    break
  fi
done
[[ -n $offset ]] || fail "found no free ports"
declare -A grpc_port=([customers]=$((50051 + offset)) [orders]=$((50052 + offset)))
say "offset $offset (customers ${grpc_port[customers]}, orders ${grpc_port[orders]}), db $db_port"

# 1. Start (in this process group, so that ctest's timeout reaches it too).
SALES_SKIP_INSTALL=1 SALES_RUN_SKIP_BUILD=1 SALES_BUILD_DIR=$build SALES_RUN_DIR=$run_dir \
  SALES_RUN_DB_PORT=$db_port SALES_RUN_PORT_OFFSET=$offset \
  "$src/scripts/run" </dev/null >"$out" 2>&1 &
run_pid=$!
started_ready() {
  alive "$run_pid" || fail "scripts/run exited before it was ready"
  grep -q 'Press Ctrl-C to stop' "$out"
}
wait_for "$kStartTimeoutS" started_ready || fail "scripts/run not ready within ${kStartTimeoutS}s"
grep -q "orders: grpc 127.0.0.1:${grpc_port[orders]}," "$out" || fail "no ready line for orders"
for name in "${kServices[@]}"; do
  pids[$name]=$(pid_of "$name")
  seen_pids+=("${pids[$name]}")
  serving "${grpc_port[$name]}" || fail "$name is not SERVING on ${grpc_port[$name]}"
done
db_pid=$(<"$run_dir/mariadb/mariadbd.pid")
say "ready: customers ${pids[customers]}, orders ${pids[orders]}, mariadbd $db_pid"

# 2. Passwords.
check_no_password_in_ps
[[ $(stat -c %a "$run_dir/secrets") == 700 ]] || fail "secrets folder is not mode 700"
for name in "${kServices[@]}"; do
  file=$run_dir/secrets/$name.password
  [[ $(stat -c %a "$file") == 600 ]] || fail "$file is not mode 600"
  [[ $(<"$file") == "$name-dev" ]] || fail "$file does not hold $name's password"
done

# 3. kill -9 orders, twice.
restarted() {
  local name=$1 old=$2 pid
  pid=$(pid_of "$name") || return 1
  [[ -n $pid && $pid != "$old" ]] && alive "$pid" && serving "${grpc_port[$name]}"
}
old=${pids[orders]}
for round in 1 2; do
  say "kill -9 orders (pid $old), round $round"
  kill -KILL "$old"
  wait_for "$kRestartTimeoutS" restarted orders "$old" ||
    fail "orders was not restarted and SERVING within ${kRestartTimeoutS}s"
  new=$(pid_of orders)
  seen_pids+=("$new")
  wait_for 5 grep -q "orders is SERVING again (pid $new" "$out" ||
    fail "scripts/run did not log that orders (pid $new) serves again"
  if [[ $(pid_of customers) != "${pids[customers]}" ]] || ! alive "${pids[customers]}"; then
    fail "customers changed pid or died while orders was restarted"
  fi
  alive "$db_pid" || fail "mariadbd (pid $db_pid) died"
  say "orders restarted as pid $new"
  old=$new
done
grep -q "orders (pid ${pids[orders]}) exited by itself (status 137, killed by SIGKILL)" "$out" ||
  fail "the first exit of orders was not logged with its status"
grep -q 'restarting orders in 1.000s' "$out" || fail "first restart not after 1 s"
grep -q 'restarting orders in 2.000s' "$out" || fail "second restart not after 2 s"
markers=$(grep -c 'scripts/run starts orders' "$run_dir/logs/orders.log")
((markers == 3)) || fail "orders.log has $markers start markers, not 3"
check_no_password_in_ps

# 4. SIGTERM stops everything.
kill -TERM "$run_pid"
wait_for "$kStopTimeoutS" gone "$run_pid" ||
  fail "scripts/run still running ${kStopTimeoutS}s after SIGTERM"
status=0
wait "$run_pid" || status=$?
run_pid=
((status == 0)) || fail "scripts/run exited with status $status after SIGTERM"
for pid in "${seen_pids[@]}" "$db_pid"; do
  ! alive "$pid" || fail "pid $pid is still running after scripts/run stopped"
done
grep -q 'mariadb: stopped in' "$out" || fail "the database was not stopped by scripts/run"
passed=1
