# 督查: the official calendar, deadlines, supervision orders, notifications
# and the supervise pass; the console's pages of them; the kiosk's due date.
mq_unit_test(test_server_deadline
  SOURCES unit/test_server_deadline.c unit/test_deadline_util.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)
target_compile_definitions(test_server_deadline PRIVATE MQ_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
mq_unit_test(test_server_supervise
  SOURCES unit/test_server_supervise.c unit/test_deadline_util.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)
mq_unit_test(test_server_console_deadline
  SOURCES unit/test_server_console_deadline.c unit/test_deadline_util.c
          unit/test_server_console_util.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)

# supervise and calendar-import end to end: a real server, the signed
# kiosk stand-in (mq-post-records, server_roster.cmake), the console over
# HTTP and a misbehaving webhook receiver on loopback (tests/tools/).
if(NOT CMAKE_CROSSCOMPILING AND TARGET mq-post-records)
  add_test(NAME e2e_supervise
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/e2e_supervise.sh
            $<TARGET_FILE:minqing-server> $<TARGET_FILE:mq-post-records>)
  set_tests_properties(e2e_supervise PROPERTIES LABELS e2e TIMEOUT 180)
  mq_pg_variant(e2e_supervise COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/e2e_supervise.sh
                $<TARGET_FILE:minqing-server> $<TARGET_FILE:mq-post-records>)
endif()

# The kiosk promises the issue's example offline: filed Tue 2026-09-29 (its
# clock set by libfaketime), 分析研判 due Mon 2026-10-12.
if(NOT CMAKE_CROSSCOMPILING AND TARGET minqing-kiosk)
  add_test(NAME kiosk_due_date
    COMMAND sh -c [=[
      export TZ=UTC FAKETIME_DONT_FAKE_MONOTONIC=1
      export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
      exec faketime -f "@2026-09-29 02:00:00" sh "$1" "$2" "$3"
    ]=] sh ${CMAKE_CURRENT_SOURCE_DIR}/kiosk/scenario.sh $<TARGET_FILE:minqing-kiosk>
            ${CMAKE_CURRENT_SOURCE_DIR}/kiosk/due_date.script)
  set_tests_properties(kiosk_due_date PROPERTIES LABELS kiosk TIMEOUT 300)
endif()
