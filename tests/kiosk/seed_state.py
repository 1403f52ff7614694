#!/usr/bin/env python3
"""seed_state.py DATA_DIR — give a fresh kiosk store the state a server
would send for 湖滨 (hubin): categories, communities, members, a duty shift
around now, recently resolved issues. Run after the kiosk created
kiosk.db once (e.g. `minqing-kiosk status`). Optional second argument
"empty" stores a state with no shifts and no resolved issues."""
import datetime, json, sqlite3, sys

data_dir = sys.argv[1]
empty = len(sys.argv) > 2 and sys.argv[2] == "empty"
now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
state = {
    "studio": {"id": "hubin", "name": "湖滨街道委员工作室", "street": "湖滨街道"},
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
    "shifts": [] if empty else [
        {"id": "s1", "member": "hubin-02", "start": iso(now - datetime.timedelta(hours=1)),
         "end": iso(now + datetime.timedelta(hours=3)), "slots": []}],
    "stages": [],
    "resolved": [] if empty else [
        {"category": "traffic", "title": "东坡路口红绿灯时间太短", "outcome": "交警部门已将行人绿灯延长到30秒", "at": iso(now)},
        {"category": "environment", "title": "涌金社区垃圾分类点异味", "outcome": "已增加清运次数并加装除臭设备", "at": iso(now)},
        {"category": "elderly", "title": "老年食堂周末不开门", "outcome": "周末开放，由志愿者轮值", "at": iso(now)}],
    "cursor": "0",
}
db = sqlite3.connect(f"{data_dir}/kiosk.db")
db.execute("INSERT INTO settings (key, value) VALUES ('state', ?) "
           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (json.dumps(state, ensure_ascii=False),))
# One opinion filed here earlier, now in the research stage: what the
# track screen finds for code 31415926 (or its token in a scanned QR).
db.execute("INSERT OR IGNORE INTO outbox (id, kind, created_at, data, state, queued_at) "
           "VALUES ('5f0c6a8e-1b2c-4d3e-8f90-a1b2c3d4e5f6', 'opinion', ?, '{}', 'acked', 0)",
           (iso(now - datetime.timedelta(days=9)),))
db.execute("INSERT OR IGNORE INTO opinions (id, token, short_code, category, created_at, stage) "
           "VALUES ('5f0c6a8e-1b2c-4d3e-8f90-a1b2c3d4e5f6', 'Qm9va1RyYWNrVG9rZW4xMg', "
           "'31415926', 'traffic', ?, 'research')", (iso(now - datetime.timedelta(days=9)),))
db.commit()
