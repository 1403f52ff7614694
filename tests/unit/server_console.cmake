# Tests of the staff console and the public side.
mq_unit_test(test_server_console
  SOURCES unit/test_server_console.c unit/test_server_console_util.c
          unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)
# Duty rosters in the console: the week view, the CSV import form,
# cancelling a shift.
mq_unit_test(test_server_console_roster
  SOURCES unit/test_server_console_roster.c unit/test_server_console_util.c
          unit/test_server_roster_util.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)
# The technician PIN (district or studio, admins only, hash in the state) and
# the enrollment QR on the kiosks page (its SVG is libqrencode's modules).
mq_unit_test(test_server_service_pin
  SOURCES unit/test_server_service_pin.c unit/test_server_console_util.c
          unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ PkgConfig::QRENCODE)
# Participation in the console: candidate topics ranked and promoted, 征集
# (volunteers chosen, counted in 履职 and attendance), liaison officers.
mq_unit_test(test_server_participation
  SOURCES unit/test_server_participation.c unit/test_server_console_util.c
          unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)
# Console accounts managed in the console: /console/staff (admins) and
# /console/password (everyone).
mq_unit_test(test_server_console_staff
  SOURCES unit/test_server_console_staff.c unit/test_server_console_util.c
          unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)

# staff-add (DESIGN.md §6): password from stdin, roles, exit statuses.
add_test(NAME test_server_staff_cli
  COMMAND sh -c [=[
    set -u
    emu=$1 bin=$2
    dir=$(mktemp -d "${TMPDIR:-/tmp}/mq-staff-cli-XXXXXX") || exit 1
    trap 'rm -rf "$dir"' EXIT
    db="sqlite:$dir/server.db"
    fail() { echo "FAIL: $*" >&2; exit 1; }
    $emu "$bin" seed-demo --db "$db" 2>/dev/null || fail "seed-demo"
    echo 'long enough pw' | $emu "$bin" staff-add wang --role admin --db "$db" 2>/dev/null || fail "admin"
    echo 'long enough pw' | $emu "$bin" staff-add hb --role street --street hubin --db "$db" 2>/dev/null || fail "street"
    echo 'long enough pw' | $emu "$bin" staff-add chen --role member --member hubin-02 --db "$db" 2>/dev/null || fail "member"
    echo 'long enough pw' | $emu "$bin" staff-add li --role liaison --street hubin --db "$db" 2>/dev/null || fail "liaison"
    echo 'long enough pw' | $emu "$bin" staff-add li2 --role liaison --db "$db" 2>/dev/null; [ $? = 2 ] || fail "liaison without --street"
    echo 'long enough pw' | $emu "$bin" staff-add li3 --role liaison --street hubin --member hubin-02 --db "$db" 2>/dev/null; [ $? = 2 ] || fail "liaison with --member"
    echo 'long enough pw' | $emu "$bin" staff-add hb2 --role street --db "$db" 2>/dev/null; [ $? = 2 ] || fail "street without --street"
    echo 'long enough pw' | $emu "$bin" staff-add x --role street --street nowhere --db "$db" 2>/dev/null; [ $? = 1 ] || fail "unknown street"
    echo 'short' | $emu "$bin" staff-add y --role admin --db "$db" 2>/dev/null; [ $? = 1 ] || fail "short password"
    echo 'long enough pw' | $emu "$bin" staff-add 'Bad User' --role admin --db "$db" 2>/dev/null; [ $? = 2 ] || fail "bad user name"
    $emu "$bin" staff-add --role admin --db "$db" </dev/null 2>/dev/null; [ $? = 2 ] || fail "no user"
    echo 'long enough pw' | $emu "$bin" staff-add z --role boss --db "$db" 2>/dev/null; [ $? = 2 ] || fail "unknown role"
    echo ok
  ]=] sh "${CMAKE_CROSSCOMPILING_EMULATOR}" $<TARGET_FILE:minqing-server>)
set_tests_properties(test_server_staff_cli PROPERTIES LABELS unit TIMEOUT 120
                     PASS_REGULAR_EXPRESSION "^ok")

# Browser tests (headless Debian chromium driven by playwright-core): the
# console flow, the resident's page on a phone, axe-core, XSS. Screenshots go
# to tests/browser-artifacts/ in the build tree.
if(NOT CMAKE_CROSSCOMPILING AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/browser/package.json)
  add_test(NAME browser_console
    COMMAND node --test --test-concurrency=1 ${CMAKE_CURRENT_SOURCE_DIR}/browser/)
  set_tests_properties(browser_console PROPERTIES LABELS browser TIMEOUT 300
    ENVIRONMENT "MQ_SERVER=$<TARGET_FILE:minqing-server>;MQ_ARTIFACTS=${CMAKE_CURRENT_BINARY_DIR}/browser-artifacts")
endif()
