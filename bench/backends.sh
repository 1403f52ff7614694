#!/bin/bash
# bench/backends.sh — one district server's storing and reading rates on its
# three deployments, in one run on this machine (figures, not a test):
#
#   sqlite-1   one minqing-server on SQLite (the default: WAL, synchronous=FULL)
#   pg-1       one minqing-server on PostgreSQL 15 (durable: fsync, synchronous_commit)
#   pg-2       two minqing-server instances on that PostgreSQL behind nginx
#              round-robin (the city's layout)
#
# For each: GET /t/{token} (tracking page) and POST /api/v1/records (one new
# opinion per signed request, every request pre-signed with its own nonce:
# bench/sign-records.py, bench/records.lua), wrk -t2 -cCONNS -dSECONDS.
# On 2 cores the servers, PostgreSQL, nginx and wrk share the CPUs: pg-2
# cannot show a second machine's worth; it shows what a second instance
# costs and that nothing serialises on one process.
# Usage: bench/backends.sh [SECONDS] [CONNECTIONS]   (defaults 10 s, 32)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
. "$root/bench/lib.sh"
secs=${1:-10}
conns=${2:-32}
threads=2
nginx=$(command -v nginx || echo /usr/sbin/nginx)
build="$root/build-bench"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target minqing-server >/dev/null
server="$build/server/minqing-server"
work=$(mktemp -d "$build/backends-XXXXXX")
pids=()
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; pids=(); }
trap 'stop_all; MQ_PG_BIN= sh "$root/tests/pg/cluster.sh" stop "$work/pg"; rm -rf "$work"' EXIT
MQ_PG_DURABLE=1 sh "$root/tests/pg/cluster.sh" start "$work/pg" >/dev/null
admin=$(cat "$work/pg/url")
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# setup NAME DB_URL INSTANCES — seeds DB_URL, starts the instances (and nginx
# before two), enrolls a kiosk, signs the requests; sets URL and TOKEN
setup() {
  local name=$1 db=$2 n=$3 ports=() p
  "$server" seed-demo --db "$db" 2>/dev/null
  for i in $(seq 1 "$n"); do
    p=$(port); ports+=("$p")
    "$server" serve --db "$db" --listen "127.0.0.1:$p" >>"$work/$name.log" 2>&1 &
    pids+=($!)
    wait_until 20 curl -fsS "http://127.0.0.1:$p/healthz" || { echo "$name did not start" >&2; exit 1; }
  done
  URL="http://127.0.0.1:${ports[0]}"
  if [ "$n" -gt 1 ]; then
    p=$(port); mkdir -p "$work/$name-nginx"
    { echo "worker_processes 1; pid $work/$name-nginx/pid; error_log $work/$name-nginx/error.log;"
      echo "events { worker_connections 1024; } http { access_log off;"
      echo "client_body_temp_path $work/$name-nginx; proxy_temp_path $work/$name-nginx;"
      echo "upstream m { keepalive 32;"
      for q in "${ports[@]}"; do echo "server 127.0.0.1:$q;"; done
      echo "} server { listen 127.0.0.1:$p; location / { proxy_pass http://m;"
      echo "proxy_http_version 1.1; proxy_set_header Connection \"\"; } } }"
    } >"$work/$name-nginx/nginx.conf"
    "$nginx" -c "$work/$name-nginx/nginx.conf" -g "daemon off;" 2>>"$work/$name.log" &
    pids+=($!)
    URL="http://127.0.0.1:$p"
    wait_until 10 curl -fsS "$URL/healthz" || { echo "nginx did not start" >&2; exit 1; }
  fi
  code=$("$server" kiosk-code --studio hubin --db "$db" 2>/dev/null)
  curl -fsS -H 'Content-Type: application/json' -d "{\"code\":\"$code\"}" \
    "$URL/api/v1/enroll" >"$work/$name.device"
  python3 "$root/bench/sign-records.py" "$work/$name.device" "$work/$name.tsv" "$work/$name.token" \
    "$((secs * 4000 + 5000))"
  send_first "$work/$name.tsv" "$URL"
  tail -n +2 "$work/$name.tsv" >"$work/$name.rest"
  TOKEN=$(cat "$work/$name.token")
}

echo "backends bench: $(nproc) cores, wrk -t$threads -c$conns -d${secs}s; servers, PostgreSQL,"
echo "nginx and wrk all on these cores"
for setup_name in sqlite-1 pg-1 pg-2; do
  case $setup_name in
  sqlite-1) setup "$setup_name" "sqlite:$work/server.db" 1 ;;
  pg-1) psql "$admin" -qc "CREATE DATABASE b1"; setup "$setup_name" "${admin/\/postgres?//b1?}" 1 ;;
  pg-2) psql "$admin" -qc "CREATE DATABASE b2"; setup "$setup_name" "${admin/\/postgres?//b2?}" 2 ;;
  esac
  run "$setup_name GET /t/{token}" "$URL/t/$TOKEN"
  run "$setup_name POST /api/v1/records" "$URL/api/v1/records" "$root/bench/records.lua" \
    "$work/$setup_name.rest" "$threads"
  stop_all
done
