# Unit, end-to-end and race tests of duty rosters, bookings and attendance.
# Included by tests/CMakeLists.txt.
mq_unit_test(test_server_roster
  SOURCES unit/test_server_roster.c unit/test_server_roster_util.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)
mq_unit_test(test_server_booking
  SOURCES unit/test_server_booking.c unit/test_server_roster_util.c unit/test_server_helpers.c
  LIBS mq_server PkgConfig::SQLITE3 PkgConfig::LIBPQ)

# A test-only kiosk stand-in that enrolls and sends signed requests over real
# HTTP (tests/tools/mq-post-records.c): the end-to-end tests need no kiosk UI.
if(NOT CMAKE_CROSSCOMPILING AND TARGET minqing-server)
  add_executable(mq-post-records tools/mq-post-records.c)
  target_link_libraries(mq-post-records PRIVATE mq_common PkgConfig::CURL PkgConfig::JANSSON
                        PkgConfig::SODIUM Threads::Threads)
  foreach(t e2e_booking e2e_booking_race e2e_attendance e2e_booking_reminder e2e_phone_race)
    add_test(NAME ${t}
      COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/${t}.sh
              $<TARGET_FILE:minqing-server> $<TARGET_FILE:mq-post-records>)
    set_tests_properties(${t} PROPERTIES LABELS e2e TIMEOUT 180)
    mq_pg_variant(${t} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/${t}.sh
                  $<TARGET_FILE:minqing-server> $<TARGET_FILE:mq-post-records>)
  endforeach()
  # Two instances on one PostgreSQL behind nginx: kiosks with retries while one
  # dies, a slot raced from both, replays, shared sessions, reminders once.
  add_test(NAME multi_instance
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/multi_instance.sh
            $<TARGET_FILE:minqing-server> $<TARGET_FILE:mq-post-records>)
  set_tests_properties(multi_instance PROPERTIES LABELS "e2e;pg" TIMEOUT 300
                       FIXTURES_REQUIRED pg ENVIRONMENT "MQ_TEST_PG_STATE=${MQ_PG_STATE}")
  # The SQLite default's backup under a write load, restored and checked; the
  # daily job's rotation (firmware/minqing-backup).
  add_test(NAME restore_drill
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/restore_drill.sh
            $<TARGET_FILE:minqing-server> $<TARGET_FILE:mq-post-records>)
  set_tests_properties(restore_drill PROPERTIES LABELS e2e TIMEOUT 300)
endif()
