#!/usr/bin/env python3
"""tests/e2e/webhook_receiver.py PORT_FILE LOG_FILE FAIL_FIRST — a webhook
receiver on loopback for the reminder tests: answers 500 to the first
FAIL_FIRST requests and 200 after, logs each request as a JSON line
{"key": Idempotency-Key, "status": ..., "body": ...} to LOG_FILE, and writes
its port to PORT_FILE once it listens."""
import http.server, json, os, sys, threading
port_file, log_file, fail_first = sys.argv[1], sys.argv[2], int(sys.argv[3])
state = {"n": 0}
lock = threading.Lock()
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            state["n"] += 1
            status = 500 if state["n"] <= fail_first else 200
            with open(log_file, "a") as f:
                f.write(json.dumps({"key": self.headers.get("Idempotency-Key"),
                                    "status": status, "body": json.loads(body)},
                                   ensure_ascii=False) + "\n")
        self.send_response(status)
        self.end_headers()
    def log_message(self, *args):
        pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
with open(port_file + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(port_file + ".tmp", port_file)
srv.serve_forever()
