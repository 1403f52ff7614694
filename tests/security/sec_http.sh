#!/bin/bash
# Items 9, 10, 11: the session cookie is Secure whenever the server speaks
# TLS or its public URL is https (and pages then carry HSTS); /metrics
# answers only loopback without a proxy in between, or a bearer token; the
# CSP of every page has frame-ancestors 'none'.
. "$(dirname "$0")/lib.sh"
TOKEN=metrics-0123456789abcdef
step "a test CA and a certificate for 127.0.0.1; the server on https"
tls="$WORK/tls"; mkdir -p "$tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -keyout "$tls/ca.key" -out "$tls/ca.pem" -subj "/CN=minqing test CA" 2>/dev/null || fail "CA"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tls/srv.key" \
  -out "$tls/srv.csr" -subj "/CN=127.0.0.1" 2>/dev/null || fail "CSR"
printf 'subjectAltName=IP:127.0.0.1\n' >"$tls/ext"
openssl x509 -req -in "$tls/srv.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
  -days 2 -extfile "$tls/ext" -out "$tls/srv.pem" 2>/dev/null || fail "certificate"
printf '[server]\ntrusted_proxy = 127.0.0.9\nmetrics_token = %s\n' "$TOKEN" >"$WORK/server.ini"
SERVER_ARGS="--tls-cert $tls/srv.pem --tls-key $tls/srv.key" SERVER_CA="$tls/ca.pem" \
  seed_and_start "$WORK/server.ini"
c() { curl -sS --cacert "$tls/ca.pem" "$@"; }

step "TLS: the login cookie is Secure, HSTS is sent"
c -D "$WORK/login.h" -o /dev/null "$SERVER_URL/console/login"
grep -qi '^set-cookie: .*; Secure' "$WORK/login.h" || fail "no Secure cookie: $(cat "$WORK/login.h")"
grep -qi '^strict-transport-security: max-age=' "$WORK/login.h" || fail "no HSTS"

step "every page's CSP forbids framing"
for p in /console/login /board/hubin /t/NotSyncedYet_aaaaaaaaaa /console/nothing-here; do
  c -D "$WORK/page.h" -o /dev/null "$SERVER_URL$p"
  grep -qi "^content-type: text/html" "$WORK/page.h" || continue
  grep -qi "^content-security-policy: .*frame-ancestors 'none'" "$WORK/page.h" ||
    fail "$p: $(grep -i content-security "$WORK/page.h")"
  pages=$(( ${pages:-0} + 1 ))
done
[ "${pages:-0}" -ge 3 ] || fail "only ${pages:-0} pages checked"

step "/metrics: loopback yes; through a proxy no; the bearer token yes"
code() { c -o "$WORK/m.txt" -w '%{http_code}' "$@" "$SERVER_URL/metrics"; }
[ "$(code)" = 200 ] || fail "from loopback"
grep -q minqing_kiosks "$WORK/m.txt" || fail "the metrics are empty"
[ "$(code --interface 127.0.0.9 -H 'X-Forwarded-For: 203.0.113.5')" = 401 ] ||
  fail "a client behind the trusted proxy read /metrics"
[ "$(code --interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.5')" = 401 ] ||
  fail "an untrusted proxy on loopback passed /metrics on"
[ "$(code --interface 127.0.0.9 -H 'X-Forwarded-For: 203.0.113.5' -H "Authorization: Bearer nope")" = 401 ] ||
  fail "a wrong token"
[ "$(code --interface 127.0.0.9 -H 'X-Forwarded-For: 203.0.113.5' -H "Authorization: Bearer $TOKEN")" = 200 ] ||
  fail "the right token"
stop_server

step "plain http behind a TLS proxy (public URL https): still Secure; plain http: not"
SERVER_ARGS="--public-url https://minqing.example.gov.cn" SERVER_CA= \
  start_server "$SERVER" "$SERVER_DB" "$WORK/server2.log" || fail "server 2"
curl -sS -D "$WORK/l2.h" -o /dev/null "$SERVER_URL/console/login"
grep -qi '^set-cookie: .*; Secure' "$WORK/l2.h" || fail "public URL https: no Secure cookie"
stop_server
SERVER_ARGS="--public-url http://192.0.2.1" SERVER_CA= \
  start_server "$SERVER" "$SERVER_DB" "$WORK/server3.log" || fail "server 3"
curl -sS -D "$WORK/l3.h" -o /dev/null "$SERVER_URL/console/login"
grep -qi '^set-cookie: ' "$WORK/l3.h" || fail "no cookie at all"
grep -qi '^set-cookie: .*Secure' "$WORK/l3.h" && fail "a Secure cookie over plain http"
echo "sec_http: ok"
