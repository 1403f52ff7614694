# tests/security/ — every attack of the review kept as a test (docs/SECURITY.md
# says which test shows which promise). ctest -L security runs them all:
#   test_security_server   the server through mq_server_dispatch (signed
#                          answers, revocation, drafts, throttling, headers)
#   sec_*.sh               real processes on loopback; clients come "from"
#                          127.0.0.2, 127.0.0.3, ... to act as other addresses
add_executable(test_security_server security/test_security_server.c
               unit/test_server_console_util.c unit/test_server_helpers.c)
target_include_directories(test_security_server PRIVATE unit)
target_link_libraries(test_security_server PRIVATE PkgConfig::CMOCKA mq_server PkgConfig::SQLITE3
                      PkgConfig::LIBPQ)
add_test(NAME test_security_server COMMAND test_security_server)
set_tests_properties(test_security_server PROPERTIES LABELS "security" TIMEOUT 120)

if(NOT CMAKE_CROSSCOMPILING AND TARGET minqing-server AND TARGET minqing-kiosk)
  foreach(t ${MQ_SECURITY_SCRIPTS})
    add_test(NAME ${t}
      COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/security/${t}.sh
              $<TARGET_FILE:minqing-server> $<TARGET_FILE:minqing-kiosk>)
    set_tests_properties(${t} PROPERTIES LABELS security TIMEOUT 240 SKIP_RETURN_CODE 77
      ENVIRONMENT "MQ_FILL=$<TARGET_FILE:mq-fill>")
  endforeach()
  # what measures time runs alone, so that a busy machine does not fake a leak
  set_tests_properties(sec_slowloris sec_username_timing PROPERTIES RUN_SERIAL TRUE)
  # Again on PostgreSQL (NAME_pg) what rests on the database: the shared
  # throttle, revocation, the public views of drafts, stage changes by id,
  # the phone side's limits and once-only forms.
  # The others are the HTTP layer or the kiosk alone, the same on both.
  foreach(t sec_login sec_revoke sec_public_drafts sec_track_code sec_phone)
    mq_pg_variant(${t} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/security/${t}.sh
                  $<TARGET_FILE:minqing-server> $<TARGET_FILE:minqing-kiosk>)
  endforeach()
endif()
