#!/usr/bin/env python3
"""phone.py — residents and robots at the phone side (/f/{studio}) of a real
minqing-server on loopback, for tests/security/sec_phone.sh and
tests/e2e/e2e_phone_race.sh. A client binds to 127.0.0.2, 127.0.0.3, ... to
come "from" another address (the whole 127.0.0.0/8 is loopback).

  phone.py burst PORT N SRC [XFF] N opinions in a row from SRC (with X-Forwarded-For
                                  XFF), each with its own form: prints
                                  "through=T refused=R"; every refusal must be the
                                  429 page in plain Chinese
  phone.py twice PORT SRC         one form submitted twice: prints both Locations
  phone.py honeypot PORT SRC      a robot filling every field: prints the Location
  phone.py race PORT TOOL KEY SLOT AT
                                  the last place of SLOT, booked at the same moment
                                  by the phone (a form POST) and a kiosk (TOOL post
                                  with kiosk credentials KEY, created_at AT): prints
                                  "phone=booked|full kiosk=stored|conflict"

Exits 0 when what it checks holds, else 1 with a line on stderr.
"""
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import uuid

HOST = "127.0.0.1"
TEXT = "吴山路老旧小区楼道灯长期不亮，晚上老人上下楼很危险。"


def die(msg):
    print("phone.py: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def request(port, method, path, body=None, src="127.0.0.1", headers=None):
    c = http.client.HTTPConnection(HOST, port, timeout=30, source_address=(src, 0))
    try:
        h = dict(headers or {})
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode()
    finally:
        c.close()


def form_token(port, path, src, headers=None):
    status, _, html = request(port, "GET", path, src=src, headers=headers)
    if status != 200:
        die(f"GET {path} answered {status}")
    return re.search(r'name="form" value="([^"]+)"', html).group(1)


def opinion(token, honeypot=""):
    return urllib.parse.urlencode({"form": token, "category": "traffic", "community": "wushanlu",
                                   "text": TEXT, "contact": "no", "step": "submit",
                                   "homepage": honeypot})


def burst(port, n, src, xff=None):
    hdr = {"X-Forwarded-For": xff} if xff else {}
    through = refused = 0
    for _ in range(n):
        tok = form_token(port, "/f/hubin", src, hdr)
        status, h, html = request(port, "POST", "/f/hubin", opinion(tok), src=src, headers=hdr)
        if status == 303 and h["location"].startswith("/t/"):
            through += 1
        elif status == 429:
            if "提交得太频繁了" not in html or "分钟后再提交" not in html:
                die("a 429 without the page that says what to do")
            if not h.get("retry-after", "").isdigit():
                die("a 429 without Retry-After")
            refused += 1
        else:
            die(f"POST answered {status}")
    print(f"through={through} refused={refused}")


def twice(port, src):
    tok = form_token(port, "/f/hubin", src)
    first = request(port, "POST", "/f/hubin", opinion(tok), src=src)
    second = request(port, "POST", "/f/hubin", opinion(tok), src=src)
    if first[0] != 303 or second[0] != 303:
        die(f"answers {first[0]} and {second[0]}")
    print(first[1]["location"], second[1]["location"])


def honeypot(port, src):
    tok = form_token(port, "/f/hubin", src)
    status, h, _ = request(port, "POST", "/f/hubin", opinion(tok, "http://spam.example/"), src=src)
    if status != 303 or not h["location"].startswith("/t/"):
        die(f"the robot was answered {status}, not as a resident")
    print(h["location"])


def race(port, tool, key, slot, at):
    """The phone's POST and the kiosk's signed booking, released together."""
    tok = form_token(port, "/f/hubin/book", "127.0.0.3")
    form = urllib.parse.urlencode({"form": tok, "slot": slot, "name": "手机居民",
                                   "phone": "13800138000", "homepage": ""})
    rec = {"records": [{"id": str(uuid.uuid4()), "kind": "booking", "created_at": at,
                        "data": {"token": secrets.token_urlsafe(16)[:22],
                                 "short_code": "%08d" % secrets.randbelow(10 ** 8),
                                 "slot": slot, "name": "终端居民", "phone": "13900139000"}}]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(rec, f)
    go = threading.Barrier(2)
    out = {}

    def phone():
        go.wait()
        out["phone"] = request(port, "POST", "/f/hubin/book", form, src="127.0.0.3")

    def kiosk():
        go.wait()
        out["kiosk"] = subprocess.run([tool, "post", f"http://{HOST}:{port}", key, f.name],
                                      capture_output=True, text=True)

    threads = [threading.Thread(target=phone), threading.Thread(target=kiosk)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    os.unlink(f.name)
    status, h, html = out["phone"]
    if status == 303 and h["location"].startswith("/b/"):
        p = "booked"
    elif status == 409 and "刚刚约满了" in html:
        p = "full"
    else:
        die(f"the phone was answered {status}")
    answer = json.loads(out["kiosk"].stdout)
    k = answer["results"][0]["result"]
    print(f"phone={p} kiosk={k}")


def main():
    cmd, port = sys.argv[1], int(sys.argv[2])
    if cmd == "burst":
        burst(port, int(sys.argv[3]), sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else None)
    elif cmd == "twice":
        twice(port, sys.argv[3])
    elif cmd == "honeypot":
        honeypot(port, sys.argv[3])
    elif cmd == "race":
        race(port, *sys.argv[3:7])
    else:
        die("unknown command " + cmd)


if __name__ == "__main__":
    main()
