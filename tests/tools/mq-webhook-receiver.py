#!/usr/bin/python3
"""mq-webhook-receiver.py — a webhook receiver for the end-to-end tests, on
loopback: a stand-in for the group robots and the SMS gateway that can also
misbehave. Every POST is logged as one JSON line (path, Idempotency-Key,
the status answered, the body); how it answers is read from MODE_FILE at
each request:

  ok      200
  fail    500 every time
  flaky   500 to the first request of each Idempotency-Key, 200 after
  fail1   500 to the very first request received, 200 after
  slow    waits SLOW seconds (default 3), then 200

usage: mq-webhook-receiver.py PORT_FILE LOG_FILE MODE_FILE [PORT]
PORT_FILE gets the port once listening (0 or no PORT: any free one; give
the same PORT again to come back after being stopped)."""
import http.server
import json
import os
import sys
import threading
import time

port_file, log_file, mode_file = sys.argv[1:4]
port = int(sys.argv[4]) if len(sys.argv) > 4 else 0
seen = set()
received = [0]
lock = threading.Lock()


def mode():
    try:
        with open(mode_file) as f:
            return f.read().strip() or "ok"
    except OSError:
        return "ok"


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        key = self.headers.get("Idempotency-Key")
        m = mode()
        if m == "slow":
            time.sleep(float(os.environ.get("SLOW", "3")))
        with lock:
            first = key not in seen
            seen.add(key)
            received[0] += 1
            status = 500 if (m == "fail" or (m == "flaky" and first) or
                             (m == "fail1" and received[0] == 1)) else 200
            with open(log_file, "a") as f:
                f.write(json.dumps({"path": self.path, "key": key, "status": status,
                                    "at": time.time(), "body": json.loads(body)},
                                   ensure_ascii=False) + "\n")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"errcode":0}' if status == 200 else b'{"errcode":500}')

    def log_message(self, *args):
        pass


srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), Receiver)
with open(port_file + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(port_file + ".tmp", port_file)
srv.serve_forever()
