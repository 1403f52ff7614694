# 督查: the official calendar, deadlines, supervision orders, notifications
# and the supervise pass; the console's pages of them.
mq_unit_test(test_server_deadline
  SOURCES unit/test_server_deadline.c unit/test_deadline_util.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3)
target_compile_definitions(test_server_deadline PRIVATE MQ_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
mq_unit_test(test_server_supervise
  SOURCES unit/test_server_supervise.c unit/test_deadline_util.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3)
mq_unit_test(test_server_console_deadline
  SOURCES unit/test_server_console_deadline.c unit/test_deadline_util.c
          unit/test_server_console_util.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3)

# supervise and calendar-import end to end: a real server, the signed
# kiosk stand-in (mq-post-records, server_roster.cmake), the console over
# HTTP and a misbehaving webhook receiver on loopback (tests/tools/).
if(NOT CMAKE_CROSSCOMPILING AND TARGET mq-post-records)
  add_test(NAME e2e_supervise
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/e2e_supervise.sh
            $<TARGET_FILE:minqing-server> $<TARGET_FILE:mq-post-records>)
  set_tests_properties(e2e_supervise PROPERTIES LABELS e2e TIMEOUT 180)
endif()
