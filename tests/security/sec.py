#!/usr/bin/env python3
"""sec.py — the attackers and clients of the security suite (tests/security/*.sh).

Every client talks real HTTP over real sockets to a minqing-server on
loopback. The whole 127.0.0.0/8 range is loopback, so a client binds to
127.0.0.2, 127.0.0.3, ... to come "from" another address.

  sec.py slowloris PORT            400 slow connections from 127.0.0.2 and a
                                   /healthz probe from 127.0.0.1 (item 1)
  sec.py login PORT PASSWORD       throttling by account and address, behind a
                                   trusted proxy 127.0.0.9 too (item 4)
  sec.py fail-once PORT            one wrong password from 127.0.0.5
  sec.py timing PORT PASSWORD      known vs unknown user names (item 5)
  sec.py fake-server PORT DATA_DIR MODE
                                   a fake district server answering "stored" to
                                   every record: unsigned | wrong_key |
                                   other_request | right (item 3)
  sec.py draft PORT PASSWORD MARK CONTROL
                                   makes a draft topic titled MARK and a
                                   published one titled CONTROL (item 7)
  sec.py crawl PORT DB_URL MARK CONTROL
                                   every public output (the ids from the
                                   server's database, sqlite:PATH or a libpq
                                   URI): MARK nowhere, CONTROL
                                   somewhere (item 7)

Each command exits 0 when what it checks holds, else 1 with a line on stderr.
Timing checks take medians of interleaved samples, after a warm-up, so that a
busy CI machine slows both sides alike.
"""
import base64
import hashlib
import hmac
import http.client
import http.server
import json
import random
import re
import selectors
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

HOST = "127.0.0.1"
# The demo's technician PIN 2468 (seed-demo.sql: argon2id, libsodium's interactive limits)
DEMO_PIN_HASH = ("$argon2id$v=19$m=65536,t=2,p=1$3jB43Faa+DcM/yN6eNBDjw$"
                 "iczyP+2sLmJ0rFxAa4wcR3NW7mbf5bQFKLwzV3xrvV8")


def die(msg):
    print("sec.py: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def say(msg):
    print("sec.py: " + msg, flush=True)


def request(port, method, path, body=None, headers=None, src="127.0.0.1", timeout=10):
    """One request on a fresh connection from @src: (status, headers dict, body bytes)."""
    c = http.client.HTTPConnection(HOST, port, timeout=timeout, source_address=(src, 0))
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


# ---- the staff console --------------------------------------------------------

def login_form(port, src, extra=None):
    """The login page's cookie and CSRF secret."""
    status, h, body = request(port, "GET", "/console/login", headers=extra, src=src)
    if status != 200:
        die(f"GET /console/login answered {status}")
    cookie = h["set-cookie"].split(";")[0]
    csrf = re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()
    return cookie, csrf


def login(port, user, password, src="127.0.0.1", xff=None, timed=False):
    """POST /console/login; (status, headers, seconds the POST took)."""
    extra = {"X-Forwarded-For": xff} if xff else {}
    cookie, csrf = login_form(port, src, extra)
    form = urllib.parse.urlencode({"csrf": csrf, "username": user, "password": password})
    headers = dict(extra, **{"Cookie": cookie,
                             "Content-Type": "application/x-www-form-urlencoded"})
    c = http.client.HTTPConnection(HOST, port, timeout=30, source_address=(src, 0))
    c.connect()
    t0 = time.perf_counter()
    c.request("POST", "/console/login", body=form, headers=headers)
    r = c.getresponse()
    r.read()
    took = time.perf_counter() - t0
    h = {k.lower(): v for k, v in r.getheaders()}
    c.close()
    return r.status, h, took


def session(port, user, password):
    """A signed-in console session: (cookie, csrf of its forms)."""
    status, h, _ = login(port, user, password)
    if status != 303:
        die(f"login of {user} answered {status}")
    cookie = h["set-cookie"].split(";")[0]
    _, _, body = request(port, "GET", "/console/inbox", headers={"Cookie": cookie})
    csrf = re.search(rb'name="csrf" value="([^"]+)"', body).group(1).decode()
    return cookie, csrf


def post_form(port, sess, path, fields):
    cookie, csrf = sess
    body = urllib.parse.urlencode(dict(fields, csrf=csrf))
    return request(port, "POST", path, body=body,
                   headers={"Cookie": cookie,
                            "Content-Type": "application/x-www-form-urlencoded"})


# ---- item 1: slowloris -----------------------------------------------------------

def slowloris(port):
    """400 connections from 127.0.0.2, each sending a header line every 10 s;
    40 idle ones from the trusted proxy 127.0.0.9. /healthz from 127.0.0.1
    must answer within 1 s throughout; 127.0.0.2 gets at most its 32; the
    proxy gets all 40; every slow one is closed by the head deadline (10 s)."""
    sel = selectors.DefaultSelector()
    opened, closed, groups = {}, {}, {}

    def open_from(src, n, head):
        for _ in range(n):
            s = socket.create_connection((HOST, port), timeout=5, source_address=(src, 0))
            s.setblocking(False)
            try:
                if head:
                    s.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            except OSError:
                pass   # refused at once: counted as closed below
            opened[s] = time.monotonic()
            groups[s] = src
            sel.register(s, selectors.EVENT_READ)

    probes, stop = [], threading.Event()

    def probe():
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                status, _, _ = request(port, "GET", "/healthz", timeout=5)
            except OSError as e:
                status = str(e)
            probes.append((time.perf_counter() - t0, status))
            stop.wait(0.2)

    for _ in range(10):   # warm-up: the first answers of a fresh process
        request(port, "GET", "/healthz")
    prober = threading.Thread(target=probe)
    prober.start()
    start = time.monotonic()
    open_from("127.0.0.2", 400, True)
    open_from("127.0.0.9", 40, False)
    say(f"opened 440 connections in {time.monotonic() - start:.1f} s")
    alive_settled, settled_at = None, start
    next_line = {s: opened[s] + 10 for s in opened}
    while time.monotonic() - start < 17 and len(closed) < len(opened):
        for key, _ in sel.select(timeout=0.1):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if not data:
                closed[s] = time.monotonic()
                sel.unregister(s)
        now = time.monotonic()
        for s in list(next_line):
            if s in closed:
                del next_line[s]
            elif groups[s] == "127.0.0.2" and now >= next_line[s]:
                try:
                    s.send(b"X-Slow: 1\r\n")   # the slowloris trickle
                except OSError:
                    pass
                next_line[s] = now + 10
        if alive_settled is None and now - start >= 1:
            # the refusals settle as the server works through the backlog: on a
            # loaded machine that takes a while, so wait for it (bounded well
            # before the 10 s deadline would close the admitted ones too)
            alive = {src: sum(1 for s in opened if groups[s] == src and s not in closed)
                     for src in ("127.0.0.2", "127.0.0.9")}
            if alive["127.0.0.2"] <= 32 or now - start >= 8:
                alive_settled, settled_at = alive, now
    stop.set()
    prober.join()
    worst = max(t for t, _ in probes)
    bad = [p for p in probes if p[1] != 200]
    slow_lived = sorted(closed[s] - opened[s] for s in opened
                        if groups[s] == "127.0.0.2" and s in closed and closed[s] > settled_at)
    still_open = sum(1 for s in opened if s not in closed)
    say(f"/healthz: {len(probes)} probes, slowest {worst * 1000:.0f} ms, {len(bad)} not 200")
    say(f"alive once settled ({settled_at - start:.1f} s): {alive_settled}; still open at the end: {still_open}")
    if slow_lived:
        say(f"the admitted slow ones were closed after {slow_lived[0]:.1f}..{slow_lived[-1]:.1f} s")
    for s in opened:
        s.close()
    if bad:
        die(f"/healthz failed during the attack: {bad[:3]}")
    if worst >= 1.0:
        die(f"/healthz took {worst:.2f} s during the attack (limit 1 s)")
    if not alive_settled or not 0 < alive_settled["127.0.0.2"] <= 32:
        die(f"127.0.0.2 held {alive_settled and alive_settled['127.0.0.2']} connections (limit 32)")
    if alive_settled["127.0.0.9"] != 40:
        die(f"the trusted proxy held {alive_settled['127.0.0.9']} of 40 connections")
    if still_open:
        die(f"{still_open} slow connections outlived the deadline")
    if len(slow_lived) != alive_settled["127.0.0.2"] or slow_lived[0] < 9 or slow_lived[-1] > 14:
        die(f"the slow ones were not closed by the 10 s deadline: {slow_lived}")


# ---- item 4: throttling --------------------------------------------------------

def retry_after(h):
    return int(h.get("retry-after", "0"))


def login_throttle(port, password):
    # the old rule: 5 wrong passwords locked the name from every address
    for i in range(4):
        status, _, _ = login(port, "admin", "wrong password", src="127.0.0.2")
        if status != 401:
            die(f"wrong password #{i + 1} answered {status}")
    status, h, _ = login(port, "admin", password, src="127.0.0.2")
    if status != 429 or retry_after(h) not in (1, 2):
        die(f"after 4 failures the pair should wait 2 s: {status} Retry-After {h.get('retry-after')}")
    status, _, _ = login(port, "admin", password, src="127.0.0.3")
    if status != 303:
        die(f"the right password from another address was refused: {status}")
    say("4 wrong passwords from 127.0.0.2: it waits 2 s; 127.0.0.3 logs in at once")
    # the wait grows: wait it out (bounded), fail again, wait twice as long
    t0 = time.monotonic()
    while login(port, "admin", "wrong password", src="127.0.0.2")[0] == 429:
        if time.monotonic() - t0 > 10:
            die("the 2 s wait did not end")
        time.sleep(0.25)   # polling interval of a bounded wait
    status, h, _ = login(port, "admin", password, src="127.0.0.2")
    if status != 429 or retry_after(h) not in (3, 4):
        die(f"the next wait should be 4 s: {status} Retry-After {h.get('retry-after')}")
    say("the next failure makes it wait 4 s (exponential)")
    # behind the trusted proxy 127.0.0.9: the client is the X-Forwarded-For address
    for _ in range(4):
        login(port, "admin", "wrong password", src="127.0.0.9", xff="198.51.100.7")
    status, _, _ = login(port, "admin", password, src="127.0.0.9", xff="198.51.100.7")
    if status != 429:
        die(f"a guesser behind the proxy is not slowed: {status}")
    status, _, _ = login(port, "admin", password, src="127.0.0.9", xff="198.51.100.8")
    if status != 303:
        die(f"everyone behind the proxy was locked out: {status}")
    # a forged X-Forwarded-For from an untrusted peer changes nothing
    for _ in range(4):
        login(port, "admin", "wrong password", src="127.0.0.4", xff=f"203.0.113.{random.randint(1, 250)}")
    status, _, _ = login(port, "admin", password, src="127.0.0.4", xff="203.0.113.251")
    if status != 429:
        die(f"an untrusted peer escaped the throttle with X-Forwarded-For: {status}")
    # one address spraying many names (30 free) slows; the proxy's others do not
    for i in range(31):
        login(port, f"guess{i}", "123456", src="127.0.0.9", xff="198.51.100.66")
    status, _, _ = login(port, "admin", password, src="127.0.0.9", xff="198.51.100.66")
    if status != 429:
        die(f"spraying 31 names from one address is not slowed: {status}")
    status, _, _ = login(port, "admin", password, src="127.0.0.9", xff="198.51.100.67")
    if status != 303:
        die(f"the spraying address locked out the proxy's others: {status}")
    say("behind a trusted proxy: per real client; forged headers from others ignored")


# ---- item 5: user names by timing --------------------------------------------

def timing(port, password):
    """Wrong passwords for a known and an unknown name, interleaved in random
    order, each from its own address (so the throttle never answers). A leak
    shows in every round (150 ms against 2 ms when an unknown name skips the
    hash); a round spoiled by another process's burst of CPU does not repeat,
    so up to three rounds are measured and one under the limit passes."""
    addrs = (f"127.0.{1 + i // 250}.{1 + i % 250}" for i in range(10000))
    for _ in range(3):   # warm-up: the dummy hash is made on first use
        login(port, "admin", "warm-up wrong", src=next(addrs))
        login(port, "nosuchuser", "warm-up wrong", src=next(addrs))
    for attempt in range(1, 4):
        known, unknown = [], []
        for i in range(25):
            pair = [("admin", known), (f"nobody{attempt}-{i}", unknown)]
            random.shuffle(pair)
            for name, into in pair:
                status, _, took = login(port, name, "a wrong password", src=next(addrs))
                if status != 401:
                    die(f"{name}: expected 401, got {status}")
                into.append(took)
        mk, mu = statistics.median(known), statistics.median(unknown)
        diff = abs(mk - mu) / max(mk, mu)
        say(f"round {attempt}: median known {mk * 1000:.1f} ms, unknown {mu * 1000:.1f} ms: "
            f"{diff * 100:.1f}% apart")
        if diff < 0.20:
            return
    die(f"the medians differ by {diff * 100:.0f}% (limit 20%) in three rounds: user names leak")


# ---- item 3: a fake district server ------------------------------------------

def fake_server(port, data_dir, mode):
    dev = json.load(open(f"{data_dir}/device.json"))
    key = base64.b64decode(dev["key"])
    wrong = hashlib.sha256(b"an attacker's key").digest()
    previous = {"sig": None}

    def sign(status, body, req_sig, k):
        digest = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
        params = ('("@status" "content-digest" "signature";req;key="sig1")'
                  f';created={int(time.time())};keyid="{dev["device_id"]}";alg="hmac-sha256"')
        base = (f'"@status": {status}\n"content-digest": {digest}\n'
                f'"signature";req;key="sig1": {req_sig[5:]}\n"@signature-params": {params}')
        mac = base64.b64encode(hmac.new(k, base.encode(), hashlib.sha256).digest()).decode()
        return {"Content-Digest": digest, "Signature-Input": "sig1=" + params,
                "Signature": f"sig1=:{mac}:"}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def answer(self, status, doc):
            body = json.dumps(doc).encode()
            req_sig = self.headers.get("Signature", "")
            headers = {}
            if mode == "right" and req_sig:
                headers = sign(status, body, req_sig, key)
            elif mode == "wrong_key" and req_sig:
                headers = sign(status, body, req_sig, wrong)
            elif mode == "other_request" and previous["sig"]:
                headers = sign(status, body, previous["sig"], key)
            previous["sig"] = req_sig or previous["sig"]
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path == "/api/v1/records":
                recs = json.loads(body)["records"]
                self.answer(200, {"results": [{"id": r["id"], "result": "stored"} for r in recs],
                                  "server_time": "2026-11-20T00:00:00Z"})
            else:
                self.answer(200, {})

        def do_GET(self):
            # a state that would replace the kiosk's: a fake studio (with the
            # demo's technician PIN 2468, so the service screen still opens)
            self.answer(200, {"studio": {"id": "fake", "name": "假工作室"},
                              "categories": [{"key": "other", "name": "其他"}],
                              "stages": [], "cursor": "999",
                              "service_pin_hash": DEMO_PIN_HASH})

    srv = http.server.ThreadingHTTPServer((HOST, port), Handler)
    srv.serve_forever()


# ---- item 7: drafts on public outputs --------------------------------------------

def draft(port, password, mark, control):
    sess = session(port, "admin", password)
    _, _, inbox = request(port, "GET", "/console/inbox", headers={"Cookie": sess[0]})
    ops = list(dict.fromkeys(re.findall(rb'/console/opinions/([0-9a-f-]{36})', inbox)))
    if len(ops) < 2:
        die(f"the inbox lists {len(ops)} opinions, need 2")
    for op, title in ((ops[0], mark), (ops[1], control)):
        status, h, _ = post_form(port, sess, f"/console/opinions/{op.decode()}/triage",
                                 {"action": "topic_new", "title": title, "public_note": "立项"})
        if status != 303:
            die(f"triage answered {status}")
        topic = h["location"]
    status, _, _ = post_form(port, sess, topic, {"action": "feedback", "result": "已办结：" + control})
    if status != 303:
        die(f"publishing the control topic answered {status}")
    say(f"a draft topic '{mark}' and a published one '{control}'")


def column(db_url, sql):
    """The first column of query sql on the server's database db_url
    (sqlite:PATH, or a libpq URI read through psql)."""
    if db_url.startswith("sqlite:"):
        return [r[0] for r in sqlite3.connect(db_url[7:]).execute(sql)]
    out = subprocess.run(["psql", db_url, "-qtAX", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return out.split()


def crawl(port, db_url, mark, control):
    tokens = column(db_url, "SELECT token FROM opinions")
    ids = column(db_url, "SELECT id FROM opinions")
    bookings = column(db_url, "SELECT token FROM bookings")
    studios = column(db_url, "SELECT id FROM studios")
    urls = []
    for t in tokens:
        urls += [f"/t/{t}", f"/api/v1/track/{t}", f"/open311/v2/tokens/{t}.json",
                 f"/open311/v2/tokens/{t}.xml"]
    for i in ids:
        urls += [f"/open311/v2/requests/{i}.json", f"/open311/v2/requests/{i}.xml"]
    for b in bookings:
        urls += [f"/b/{b}", f"/b/{b}/calendar.ics"]
    urls += [f"/board/{s}" for s in studios]
    urls += ["/open311/v2/requests.json", "/open311/v2/requests.xml",
             "/open311/v2/services.json", "/open311/v2/services.xml"]
    if not bookings:
        die("no booking to crawl: the .ics output would go unchecked")
    seen_control = 0
    for u in urls:
        status, _, body = request(port, "GET", u)
        if status != 200:
            die(f"GET {u} answered {status}")
        if mark.encode() in body:
            die(f"GET {u} shows the unpublished topic title")
        seen_control += control.encode() in body
    if not seen_control:
        die("the published topic's title is nowhere: the crawl sees no titles at all")
    say(f"{len(urls)} public outputs: the draft title on none, the published one on {seen_control}")


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "slowloris":
        slowloris(int(args[0]))
    elif cmd == "login":
        login_throttle(int(args[0]), args[1])
    elif cmd == "fail-once":
        status, _, _ = login(int(args[0]), "nobody", "wrong", src="127.0.0.5")
        if status != 401:
            die(f"a wrong password answered {status}")
    elif cmd == "timing":
        timing(int(args[0]), args[1])
    elif cmd == "fake-server":
        fake_server(int(args[0]), args[1], args[2])
    elif cmd == "draft":
        draft(int(args[0]), args[1], args[2], args[3])
    elif cmd == "crawl":
        crawl(int(args[0]), args[1], args[2], args[3])
    else:
        die("unknown command " + cmd)


if __name__ == "__main__":
    main()
