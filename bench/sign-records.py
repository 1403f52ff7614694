#!/usr/bin/env python3
"""bench/sign-records.py DEVICE.json OUT.tsv TOKEN_FILE N — N signed
POST /api/v1/records requests (RFC 9421, hmac-sha256 with the kiosk key of
DEVICE.json), one new opinion each with its own nonce, one a line: digest,
signature input, signature and body, tab-separated (bench/records.lua sends
them). The first opinion's tracking token goes to TOKEN_FILE."""
import base64, hashlib, hmac, json, os, sys, time, uuid
dev = json.load(open(sys.argv[1])); key = base64.b64decode(dev["key"]); n = int(sys.argv[4])
now = int(time.time())
with open(sys.argv[2], "w") as out:
    for i in range(n):
        token = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
        if i == 0:
            open(sys.argv[3], "w").write(token)
        rec = {"id": str(uuid.uuid4()), "kind": "opinion", "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
               "data": {"token": token, "short_code": "%08d" % (i % 100000000), "category": "traffic",
                        "community": "dongpolu", "text": "东坡路口红绿灯时间太短，老人过马路来不及。第%d条" % i}}
        body = json.dumps({"records": [rec]}, ensure_ascii=False, separators=(",", ":"))
        digest = "sha-256=:%s:" % base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        params = '("@method" "@path" "@query" "content-digest");created=%d;nonce="%s";keyid="%s";alg="hmac-sha256"' % (
            now, os.urandom(12).hex(), dev["device_id"])
        base = '"@method": POST\n"@path": /api/v1/records\n"@query": ?\n"content-digest": %s\n"@signature-params": %s' % (digest, params)
        sig = base64.b64encode(hmac.new(key, base.encode(), hashlib.sha256).digest()).decode()
        out.write("\t".join([digest, "sig1=" + params, "sig1=:%s:" % sig, body]) + "\n")
