#!/usr/bin/env python3
"""seed_state.py DATA_DIR — give a fresh kiosk store the state a server
would send for 湖滨 (hubin): categories, communities, members (with the
keyed hashes of badge codes MQHB000N — the key in DATA_DIR/badge.key, as
the sync client keeps it — and the demo PIN 2468's argon2id hash), the
technician PIN 2468 (the same hash), a duty shift around now, recently
resolved issues; and the kiosk credentials (device.json, no server address:
the kiosk runs enrolled but offline). Run after the kiosk created
kiosk.db once (e.g. `minqing-kiosk status`). Optional second argument
"empty" stores a state with no shifts and no resolved issues; "visits"
adds bookable shifts (booking, check-in) with fixed slot ids the scripts tap:
  s1  hubin-02 (陈晓燕) on duty now: slots hubin-s1-1, -2 (begun) with two
      bookings (王** attended-to-be, 李** no-show-to-be) — for check-in;
  s2  hubin-01 (王建国): 5 slots hubin-v-1 .. hubin-v-5 starting 30..90
      minutes from now (or tomorrow 09:00 when that would cross midnight
      in Asia/Shanghai), free 2, 0 (full), 2, 1, 2;
  s3  hubin-03 (李志明) three days later: hubin-w-1 .. hubin-w-3.
"participation" adds three open candidate topics (ids 7, 8, 9, closing 11,
16 and 21 days from today in Asia/Shanghai) and one open questionnaire (id
3: a single-choice, a multiple-choice and a free-text question) as the
state pull carries them (DESIGN §9).
The district's time limits and the official 2026 calendar come as the
server ships them (assets/calendar/cn-2026.csv), so that the kiosk's
promised due date can be checked against the issue's example."""
import base64, csv, datetime, hashlib, hmac, json, os, sqlite3, sys

data_dir = sys.argv[1]
empty = len(sys.argv) > 2 and sys.argv[2] == "empty"
visits = len(sys.argv) > 2 and sys.argv[2] == "visits"
part = len(sys.argv) > 2 and sys.argv[2] == "participation"
now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
# PIN 2468 (seed-demo.sql's demo hash: argon2id, libsodium's interactive limits)
PIN_HASH = "$argon2id$v=19$m=65536,t=2,p=1$3jB43Faa+DcM/yN6eNBDjw$iczyP+2sLmJ0rFxAa4wcR3NW7mbf5bQFKLwzV3xrvV8"
half = datetime.timedelta(minutes=30)
cst = datetime.timezone(datetime.timedelta(hours=8))

def slots(prefix, start, frees):
    return [{"id": f"{prefix}-{k + 1}", "start": iso(start + k * half),
             "end": iso(start + (k + 1) * half), "free": f} for k, f in enumerate(frees)]

def shift(sid, member, start, n, frees, bookings=None):
    sh = {"id": sid, "member": member, "start": iso(start), "end": iso(start + n * half),
          "slots": slots(sid.replace("s2", "hubin-v").replace("s3", "hubin-w").replace("s1", "hubin-s1"), start, frees)}
    if bookings is not None:
        sh["bookings"] = bookings
    return sh

def closes(days):   # a candidate's last day, YYYY-MM-DD in Asia/Shanghai
    return (now.astimezone(cst) + datetime.timedelta(days=days)).strftime("%Y-%m-%d")

visit_shifts = []
if visits:
    s1 = now - datetime.timedelta(hours=1)
    # s2: the next half hour plus 30 minutes, all five slots on one local day
    base = now.replace(minute=0) + datetime.timedelta(minutes=60 if now.minute < 30 else 90)
    if (base + 5 * half).astimezone(cst).date() != now.astimezone(cst).date() or \
            base.astimezone(cst).date() != now.astimezone(cst).date():
        day = (now.astimezone(cst) + datetime.timedelta(days=1)).date()
        base = datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=cst).astimezone(datetime.timezone.utc)
    s3 = datetime.datetime.combine((base.astimezone(cst) + datetime.timedelta(days=3)).date(),
                                   datetime.time(14, 30), tzinfo=cst).astimezone(datetime.timezone.utc)
    visit_shifts = [
        shift("s1", "hubin-02", s1, 8, [0, 1], [
            {"id": "b1000000-0000-4000-8000-000000000001", "slot": "hubin-s1-1", "name": "王**",
             "topic": "楼道堆物清理", "status": "booked"},
            {"id": "b1000000-0000-4000-8000-000000000002", "slot": "hubin-s1-2", "name": "李**",
             "topic": "", "status": "booked"}]),
        shift("s2", "hubin-01", base, 5, [2, 0, 2, 1, 2], []),
        shift("s3", "hubin-03", s3, 3, [2, 2, 0]),
    ]
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets",
                       "calendar", "cn-2026.csv")) as f:
    days = list(csv.DictReader(f))
calendar = {"years": [2026], "holidays": [d["date"] for d in days if d["kind"] == "holiday"],
            "workdays": [d["date"] for d in days if d["kind"] == "workday"]}
state = {
    "studio": {"id": "hubin", "name": "湖滨街道委员工作室", "street": "hubin",
               "street_name": "湖滨街道"},
    "categories": [{"key": k, "name": n} for k, n in [
        ("traffic", "交通出行"), ("environment", "环境卫生"), ("elderly", "养老服务"),
        ("property", "物业管理"), ("safety", "平安建设"), ("renovation", "老旧小区改造"),
        ("health", "医疗卫生"), ("education", "教育文化"), ("other", "其他")]],
    "communities": [{"key": k, "name": n} for k, n in [
        ("donghuan", "东坡路社区"), ("qingnian", "青年路社区"), ("yongjin", "涌金社区"),
        ("huimin", "岳王路社区"), ("liuying", "柳营社区")]],
    "members": [
        {"key": "hubin-01", "name": "王建国", "sector": "经济界", "expertise": "商贸流通、小微企业"},
        {"key": "hubin-02", "name": "陈晓燕", "sector": "医药卫生界", "expertise": "社区医疗、慢病管理"},
        {"key": "hubin-03", "name": "李志明", "sector": "中国民主同盟", "expertise": "城市规划、历史街区保护"},
        {"key": "hubin-04", "name": "周丽华", "sector": "社会福利和社会保障界", "expertise": "居家养老、助残服务"},
        {"key": "hubin-05", "name": "张海涛", "sector": "无党派人士", "expertise": "法律咨询、物业纠纷调解"}],
    "shifts": [] if empty else visit_shifts if visits else [
        {"id": "s1", "member": "hubin-02", "start": iso(now - datetime.timedelta(hours=1)),
         "end": iso(now + datetime.timedelta(hours=3)), "slots": []}],
    "stages": [],
    "deadlines": {"triage": 5, "answer": 15, "close": 30},
    "calendar": calendar,
    "resolved": [] if empty else [
        {"category": "traffic", "title": "东坡路口红绿灯时间太短", "outcome": "交警部门已将行人绿灯延长到30秒", "at": iso(now)},
        {"category": "environment", "title": "涌金社区垃圾分类点异味", "outcome": "已增加清运次数并加装除臭设备", "at": iso(now)},
        {"category": "elderly", "title": "老年食堂周末不开门", "outcome": "周末开放，由志愿者轮值", "at": iso(now)}],
    "cursor": "0",
    "service_pin_hash": PIN_HASH,
    "candidates": [] if not part else [
        {"id": 7, "title": "老旧小区加装电梯", "description": "东坡路社区6幢、8幢居民希望加装电梯，费用怎么分摊、低层住户怎么补偿，想请委员们一起协商。",
         "closes": closes(11), "supports": 12},
        {"id": 8, "title": "菜场周边停车难", "description": "涌金菜场早上买菜的车停满人行道，老人推车过不去。",
         "closes": closes(16), "supports": 5},
        {"id": 9, "title": "社区食堂延长开放时间", "description": "", "closes": closes(21),
         "supports": 0}],
    "surveys": [] if not part else [
        {"id": 3, "title": "社区食堂意见调查", "questions": [
            {"text": "您多久去一次社区食堂？", "kind": "single", "options": ["每天", "每周几次", "很少去", "从没去过"]},
            {"text": "您希望食堂增加哪些服务？（可多选）", "kind": "multiple",
             "options": ["送餐上门", "早餐", "老年人优惠餐", "周末开放", "清淡少盐的菜"]},
            {"text": "对社区食堂还有什么建议？", "kind": "text", "options": []}]}],
}
BADGE_KEY = hashlib.sha256(b"seed_state.py badge key").digest()
for i, m in enumerate(state["members"]):
    m["badge_hash"] = hmac.new(BADGE_KEY, b"MQHB%04d" % (i + 1), hashlib.sha256).hexdigest()
    m["pin_hash"] = PIN_HASH
key_path = os.path.join(data_dir, "badge.key")
with open(os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
    f.write(base64.b64encode(BADGE_KEY).decode() + "\n")
db = sqlite3.connect(f"{data_dir}/kiosk.db")
db.execute("INSERT INTO settings (key, value) VALUES ('state', ?) "
           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (json.dumps(state, ensure_ascii=False),))
# One opinion filed here earlier, now in the research stage (since two days,
# with the stage's public note): what the track screen finds for code
# 31415926 (or its token in a scanned QR).
db.execute("INSERT OR IGNORE INTO outbox (id, kind, created_at, data, state, queued_at) "
           "VALUES ('5f0c6a8e-1b2c-4d3e-8f90-a1b2c3d4e5f6', 'opinion', ?, '{}', 'acked', 0)",
           (iso(now - datetime.timedelta(days=9)),))
db.execute("INSERT OR IGNORE INTO opinions (id, token, short_code, category, created_at, stage, "
           "stage_at, stage_note) VALUES ('5f0c6a8e-1b2c-4d3e-8f90-a1b2c3d4e5f6', "
           "'Qm9va1RyYWNrVG9rZW4xMg', '31415926', 'traffic', ?, 'research', ?, "
           "'委员已到东坡路口实地查看，正在和交警部门商量延长行人绿灯。')",
           (iso(now - datetime.timedelta(days=9)), iso(now - datetime.timedelta(days=2))))
db.commit()
# Enrolled (else the kiosk shows its enrollment screen), with no server to reach.
device = f"{data_dir}/device.json"
if not os.path.exists(device):
    with open(os.open(device, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
        json.dump({"device_id": "kiosk-hubin-test", "studio": "hubin", "server_url": "",
                   "key": base64.b64encode(bytes(range(32))).decode()}, f)
