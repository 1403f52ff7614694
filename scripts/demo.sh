#!/bin/bash
# Installs what is missing, builds, and runs the demo: a district server on
# loopback with the demo district, an enrolled kiosk for 湖滨街道委员工作室, and
# the kiosk itself — in a window when there is a display, otherwise headless
# through assets/demo/demo.script, leaving screenshots in demo-out/screens/.
#   MQ_DEMO_PORT=8080 (default)   MQ_DEMO_EXIT=1 to stop the server at the end
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/lib.sh
port=${MQ_DEMO_PORT:-8080}
out="$root/demo-out"

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMQ_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"
server=build/server/minqing-server
kiosk=build/app/minqing-kiosk

rm -rf "$out"
mkdir -p "$out/kiosk" "$out/screens"
echo "== seeding the demo district (上城区: 6 streets, studios, members, categories)"
"$server" seed-demo --db "sqlite:$out/server.db"
start_server "$server" "$out/server.db" "$out/server.log" "$port" \
  || { echo "is port $port taken? try MQ_DEMO_PORT=8081 $0" >&2; exit 1; }
trap stop_server EXIT

echo "== staff accounts: admin (district), hubin (湖滨 street group), li (民情联络员), chen (委员)"
# demo passwords: this is a throwaway demo on loopback, never a deployment
echo "minqing-demo-admin" | "$server" staff-add admin --role admin --db "sqlite:$out/server.db"
echo "minqing-demo-hubin" | "$server" staff-add hubin --role street --street hubin --db "sqlite:$out/server.db"
echo "minqing-demo-li" | "$server" staff-add li --role liaison --street hubin --db "sqlite:$out/server.db"
echo "minqing-demo-chen" | "$server" staff-add chen --role member --member hubin-02 --db "sqlite:$out/server.db"

echo "== enrolling a kiosk for 湖滨街道委员工作室 (studio hubin)"
code=$("$server" kiosk-code --studio hubin --db "sqlite:$out/server.db")
cat >"$out/kiosk.ini" <<INI
[kiosk]
data_dir = $out/kiosk
server_url = $SERVER_URL
public_url = $SERVER_URL
size = 1280x800
INI
"$kiosk" enroll --server "$SERVER_URL" --code "$code" --config "$out/kiosk.ini"
"$kiosk" sync --once --config "$out/kiosk.ini" >/dev/null

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "== starting the kiosk in a window (close it to finish)"
  "$kiosk" --config "$out/kiosk.ini"
else
  echo "== no display: running the kiosk headless through assets/demo/demo.script"
  sed "s|@OUT@|$out/screens|g" assets/demo/demo.script >"$out/demo.script"
  "$kiosk" --headless --config "$out/kiosk.ini" --script "$out/demo.script" 2>"$out/kiosk.log"
  echo "   screenshots: $(ls "$out"/screens/*.png | tr '\n' ' ')"
fi
"$kiosk" sync --once --config "$out/kiosk.ini" >/dev/null || true

token=$(sqlite3 "$out/kiosk/kiosk.db" "SELECT token FROM opinions ORDER BY created_at DESC, rowid DESC LIMIT 1")
echo
echo "District server:   $SERVER_URL  (data in $out/server.db)"
echo "Staff console:     $SERVER_URL/console/  (admin / minqing-demo-admin, hubin / minqing-demo-hubin,"
echo "                   li / minqing-demo-li on a phone: /console/file, chen / minqing-demo-chen)"
echo "Candidate topics:  $SERVER_URL/f/hubin/topics   (大家来选议题)"
[ -n "$token" ] && echo "Tracking page:     $SERVER_URL/t/$token   (what the QR code opens)"
echo "Kiosk status:      $("$kiosk" status --config "$out/kiosk.ini" | tr -d '\n ' )"
if [ -z "${MQ_DEMO_EXIT:-}" ]; then
  echo
  echo "The server keeps running; press Ctrl-C to stop it."
  wait "$SERVER_PID"
fi
