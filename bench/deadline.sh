#!/bin/bash
# bench/deadline.sh — what 督查 costs on a large district (figures, not a
# pass/fail test): N opinions spread over the last year, a third of them in
# topics, half of the rest long overdue, written straight into SQLite; then
#
#   supervise   `supervise --once`: the first pass (judging every opinion,
#               escalating the overdue ones, queueing and sending their
#               messages to a receiver that refuses at once) and a second,
#               steady-state pass;
#   inbox       GET /console/inbox as the district admin: every opinion
#               judged and sorted by urgency, one page rendered;
#   topics      GET /console/topics: every topic with its lead opinion;
#   track       GET /t/{token}: a resident's page with its due date.
#
# Usage: bench/deadline.sh [N] [RUNS]   (defaults 20000 opinions, 5 runs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
n=${1:-20000}
runs=${2:-5}
build="$root/build-bench"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target minqing-server >/dev/null
server="$build/server/minqing-server"
work=$(mktemp -d "$build/deadline-run-XXXXXX")
trap 'stop_server; rm -rf "$work"' EXIT
db="$work/server.db"

"$server" seed-demo --db "sqlite:$db" 2>/dev/null
echo 'a long bench password' | "$server" staff-add admin --role admin --db "sqlite:$db" 2>/dev/null
python3 - "$db" "$n" <<'PY'
import random, sqlite3, sys, time, uuid, os, base64
db = sqlite3.connect(sys.argv[1]); n = int(sys.argv[2]); now = int(time.time())
random.seed(7)
studios = [r[0] for r in db.execute("SELECT id FROM studios")]
db.execute("INSERT INTO devices (id, key, studio, created_at) VALUES ('bench', zeroblob(32), 'hubin', ?)", (now,))
topics = {}
for i in range(n):
    oid, studio = str(uuid.uuid4()), random.choice(studios)
    created = now - random.randint(0, 365 * 86400)
    tok = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
    db.execute("INSERT INTO records VALUES (?, 'bench', 'opinion', ?, 'x', ?)", (oid, created, created))
    db.execute("INSERT INTO opinions (id, token, short_code, studio, category, text, channel, created_at)"
               " VALUES (?, ?, '12345678', ?, 'traffic', '路口红绿灯太短', 'kiosk', ?)", (oid, tok, studio, created))
    db.execute("INSERT INTO stage_events (subject_kind, subject, stage, at, actor_role)"
               " VALUES ('opinion', ?, 'collected', ?, 'kiosk')", (oid, created))
    r = random.random()
    if r < 1 / 3:   # in a topic of its studio, triaged with a note a few days on
        t = topics.get(studio)
        if not t or random.random() < 0.3:
            t = str(uuid.uuid4())
            db.execute("INSERT INTO topics (id, no, studio, title, created_at, created_by)"
                       " VALUES (?, (SELECT coalesce(max(no), 0) + 1 FROM topics), ?, '信号灯配时', ?, 'bench')",
                       (t, studio, created))
            topics[studio] = t
        db.execute("UPDATE opinions SET disposition = 'topic', topic = ? WHERE id = ?", (t, oid))
        db.execute("INSERT INTO stage_events (subject_kind, subject, stage, at, actor_role, public_note)"
                   " VALUES ('opinion', ?, 'triaged', ?, 'street', '已立项')", (oid, created + 3 * 86400))
    elif r < 2 / 3:   # answered directly, closed
        db.execute("UPDATE opinions SET disposition = 'answered', closed_at = ? WHERE id = ?", (created + 86400, oid))
        db.execute("INSERT INTO stage_events (subject_kind, subject, stage, at, actor_role, public_note)"
                   " VALUES ('opinion', ?, 'feedback', ?, 'street', '已答复')", (oid, created + 86400))
db.commit()
print(db.execute("SELECT token FROM opinions LIMIT 1").fetchone()[0], file=open(sys.argv[1] + ".token", "w"))
PY
token=$(cat "$db.token")

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

first=$(ms "$server" supervise --once --webhook http://127.0.0.1:9/ --db "sqlite:$db")
queued=$(sqlite3 "$db" "SELECT count(*) FROM notices")
steady=$(for _ in $(seq "$runs"); do ms "$server" supervise --once --webhook http://127.0.0.1:9/ --db "sqlite:$db"; done | median)

start_server "$server" "$db" "$work/server.log" >/dev/null
jar="$work/jar"
csrf=$(curl -sS -c "$jar" -b "$jar" "$SERVER_URL/console/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -sS -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" -d username=admin \
  --data-urlencode "password=a long bench password" "$SERVER_URL/console/login"
page() { for _ in $(seq "$runs"); do ms curl -fsS -b "$jar" -o /dev/null "$SERVER_URL$1"; done | median; }
inbox=$(page /console/inbox)
topics=$(page /console/topics)
track=$(page "/t/$token")
ntopics=$(sqlite3 "$db" "SELECT count(*) FROM topics")

printf '%s opinions, %s topics (medians of %s runs)\n' "$n" "$ntopics" "$runs"
printf '| supervise, first pass (%s messages queued and tried) | %s ms |\n' "$queued" "$first"
printf '| supervise, steady state | %s ms |\n' "$steady"
printf '| GET /console/inbox (admin, every street) | %s ms |\n' "$inbox"
printf '| GET /console/topics | %s ms |\n' "$topics"
printf '| GET /t/{token} | %s ms |\n' "$track"
