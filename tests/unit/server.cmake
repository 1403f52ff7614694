# Unit tests of server/ (they call mq_http_dispatch directly: no sockets).
mq_unit_test(test_server_records
  SOURCES unit/test_server_records.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)
mq_unit_test(test_server_track
  SOURCES unit/test_server_track.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)

# The command line (DESIGN.md §6): seed-demo twice, kiosk-code, and the
# exit statuses of usage errors (2) and failures (1).
add_test(NAME test_server_cli
  COMMAND sh -c [=[
    set -u
    emu=$1 bin=$2   # emu: qemu when cross-built, else empty
    dir=$(mktemp -d "${TMPDIR:-/tmp}/mq-server-cli-XXXXXX") || exit 1
    trap 'rm -rf "$dir"' EXIT
    db="sqlite:$dir/server.db"
    fail() { echo "FAIL: $*" >&2; exit 1; }
    $emu "$bin" seed-demo --db "$db" 2>/dev/null || fail "seed-demo"
    $emu "$bin" seed-demo --db "$db" 2>/dev/null || fail "seed-demo twice"
    code=$($emu "$bin" kiosk-code --studio hubin --db "$db" 2>"$dir/log") || fail "kiosk-code"
    # the log says until when, as a date and time of Shanghai (a day from now)
    until=$(TZ=Asia/Shanghai date -d "@$(( $(date +%s) + 86400 ))" +%Y-%m-%d)
    grep -Eq "valid until $until [0-2][0-9]:[0-5][0-9]:[0-5][0-9] \(Asia/Shanghai\)" "$dir/log" ||
      fail "enroll log: $(cat "$dir/log")"
    echo "$code" | grep -Eqx '[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}' || fail "code '$code'"
    [ "$(printf '%s\n' "$code" | wc -l)" = 1 ] || fail "more than one line"
    $emu "$bin" kiosk-code --studio nowhere --db "$db" >"$dir/out" 2>/dev/null; [ $? = 1 ] || fail "unknown studio"
    [ -s "$dir/out" ] && fail "unknown studio printed on stdout"
    $emu "$bin" kiosk-code --db "$db" 2>/dev/null; [ $? = 2 ] || fail "missing --studio"
    $emu "$bin" frobnicate 2>/dev/null; [ $? = 2 ] || fail "unknown command"
    $emu "$bin" serve --bogus 2>/dev/null; [ $? = 2 ] || fail "unknown option"
    # no PostgreSQL listens on this socket: a clear message, exit 1
    $emu "$bin" serve --db "postgresql:///mq?host=$dir&port=9" 2>"$dir/err"; [ $? = 1 ] || fail "postgresql"
    grep -q "cannot connect to PostgreSQL" "$dir/err" || fail "postgresql message"
    $emu "$bin" serve --db mysql://x/y 2>/dev/null; [ $? = 2 ] || fail "unknown scheme"
    echo ok
  ]=] sh "${CMAKE_CROSSCOMPILING_EMULATOR}" $<TARGET_FILE:minqing-server>)
set_tests_properties(test_server_cli PROPERTIES LABELS unit TIMEOUT 60
                     PASS_REGULAR_EXPRESSION "^ok")

# The HTTP layer's parsers (forms, cookies, the router's match) and the HTML
# builder, directly.
mq_unit_test(test_server_http
  SOURCES unit/test_server_http.c
  LIBS mq_http)
mq_unit_test(test_server_html
  SOURCES unit/test_server_html.c
  LIBS mq_html)

# Only a string literal may be added to a page raw (mq_html.h): the same file
# compiles with literals and fails to compile with variables.
set(MQ_HTML_SYNTAX_CHECK ${CMAKE_C_COMPILER} -std=gnu11 -fsyntax-only
    -I${CMAKE_SOURCE_DIR}/server/html/include -I${CMAKE_SOURCE_DIR}/server/util/include
    ${CMAKE_CURRENT_SOURCE_DIR}/unit/html_raw_literal_only.c)
add_test(NAME html_raw_accepts_literals
  COMMAND ${MQ_HTML_SYNTAX_CHECK} -DMQ_LITERAL_ONLY_OK)
add_test(NAME html_raw_rejects_variables COMMAND ${MQ_HTML_SYNTAX_CHECK})
set_tests_properties(html_raw_accepts_literals html_raw_rejects_variables
                     PROPERTIES LABELS unit TIMEOUT 60)
set_tests_properties(html_raw_rejects_variables PROPERTIES WILL_FAIL TRUE)

# migrate-db: a district with a month of activity copied from SQLite into the
# test PostgreSQL cluster, verified, refused a second time, and served alike.
if(NOT CMAKE_CROSSCOMPILING)
  mq_unit_test(test_server_migrate
    SOURCES unit/test_server_migrate.c unit/test_server_console_util.c
            unit/test_server_roster_util.c unit/test_server_helpers.c
    LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)
  set_tests_properties(test_server_migrate PROPERTIES LABELS pg FIXTURES_REQUIRED pg
                       ENVIRONMENT "MQ_TEST_PG_STATE=${MQ_PG_STATE}")
endif()

# The SQLite plugin's per-thread read connections (server/db/sqlite/conn.c):
# reads beside an open transaction, and a transaction's reads of its own writes.
mq_unit_test(test_server_readers
  SOURCES unit/test_server_readers.c
  LIBS mq_server Threads::Threads)

# The phone side (民情E点通): forms, tokens, limits, filing, booking, posters.
mq_unit_test(test_server_phone
  SOURCES unit/test_server_phone.c unit/test_server_roster_util.c
          unit/test_server_console_util.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)
mq_unit_test(test_server_candidates
  SOURCES unit/test_server_candidates.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)
mq_unit_test(test_server_surveys
  SOURCES unit/test_server_surveys.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)

# An existing SQLite database migrating with its data (migration 0015: the
# stage history's ids, rules and trigger).
mq_unit_test(test_server_schema
  SOURCES unit/test_server_schema.c
  LIBS mq_server PkgConfig::SQLITE3)
