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
