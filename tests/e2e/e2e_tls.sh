#!/bin/bash
# HTTPS: the server serves TLS itself (libmicrohttpd + GnuTLS) with a test CA;
# the kiosk verifies the peer with its configured CA file and an optional SPKI
# pin. Without the CA, or with a wrong pin, it fails closed: nothing is sent,
# nothing is acknowledged, and the records wait for a correct configuration.
. "$(dirname "$0")/common.sh"

step "make a test CA and a server certificate for 127.0.0.1"
tls="$WORK/tls"; mkdir -p "$tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -keyout "$tls/ca.key" -out "$tls/ca.pem" -subj "/CN=minqing test CA" 2>/dev/null || fail "CA"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$tls/srv.key" -out "$tls/srv.csr" -subj "/CN=127.0.0.1" 2>/dev/null || fail "CSR"
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tls/ext"
openssl x509 -req -in "$tls/srv.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
  -days 2 -extfile "$tls/ext" -out "$tls/srv.pem" 2>/dev/null || fail "certificate"
pin="sha256//$(openssl x509 -in "$tls/srv.pem" -pubkey -noout | openssl pkey -pubin -outform der \
  | openssl dgst -sha256 -binary | base64)"
wrong_pin="sha256//$(head -c 32 /dev/urandom | base64)"

SERVER_ARGS="--tls-cert $tls/srv.pem --tls-key $tls/srv.key"
SERVER_CA="$tls/ca.pem"
export SERVER_ARGS SERVER_CA
# the kiosk's config gets the CA and the right pin before enrolling
KIOSK_EXTRA="ca_file = $tls/ca.pem
pinned_pubkey = $pin"
setup_enrolled_kiosk
case "$SERVER_URL" in https://*) ;; *) fail "server is not on https: $SERVER_URL" ;; esac

step "an opinion syncs over HTTPS with the CA and the right pin"
file_opinion "filed over https" tls1
"$KIOSK" sync --once --config "$KIOSK_CFG" >"$WORK/s1.json" || fail "sync over https failed: $(cat "$WORK/s1.json")"
[ "$(server_db "SELECT COUNT(*) FROM opinions")" = 1 ] || fail "the opinion did not arrive"

step "a wrong pin fails closed"
file_opinion "must wait for a good pin" tls2
sed "s|^pinned_pubkey = .*|pinned_pubkey = $wrong_pin|" "$KIOSK_CFG" >"$WORK/wrongpin.ini"
if "$KIOSK" sync --once --config "$WORK/wrongpin.ini" >"$WORK/s2.json" 2>"$WORK/s2.err"; then
  fail "sync succeeded with a wrong pin"
fi
grep -qi "pin\|public key" "$WORK/s2.err" || fail "the error does not name the pin: $(cat "$WORK/s2.err")"
[ "$(server_db "SELECT COUNT(*) FROM opinions")" = 1 ] || fail "a record went through a wrong pin"
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state='queued'")" = 1 ] || fail "the record left the queue"

step "without the CA file the peer is not trusted either"
grep -v '^ca_file\|^pinned_pubkey' "$KIOSK_CFG" >"$WORK/noca.ini"
if "$KIOSK" sync --once --config "$WORK/noca.ini" >/dev/null 2>"$WORK/s3.err"; then
  fail "sync trusted a certificate from an unknown CA"
fi
[ "$(kiosk_db "SELECT COUNT(*) FROM outbox WHERE state='queued'")" = 1 ] || fail "the record left the queue"

step "with the right configuration again, the waiting record goes through"
"$KIOSK" sync --once --config "$KIOSK_CFG" >/dev/null || fail "sync after the fix failed"
[ "$(server_db "SELECT COUNT(*) FROM opinions")" = 2 ] || fail "the waiting record did not arrive"
echo "e2e_tls: ok"
