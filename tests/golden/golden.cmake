# Golden tests: every route's answer for one seeded district, and the kiosk's
# dumps of every screen, compared byte for byte with tests/golden/*/ (see
# tests/golden/check.sh; MQ_GOLDEN_UPDATE=1 rewrites them).
add_executable(golden_server golden/golden_server.c)
target_link_libraries(golden_server PRIVATE mq_server PkgConfig::SQLITE3 PkgConfig::SODIUM
                      PkgConfig::JANSSON PkgConfig::LIBPQ)
add_test(NAME golden_server
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/golden/check.sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/server
          $<TARGET_FILE:golden_server>)
set_tests_properties(golden_server PROPERTIES LABELS golden TIMEOUT 300)
# The same walk on PostgreSQL must give the same files, byte for byte: every
# route answers alike on both backends.
mq_pg_variant(golden_server
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/golden/check.sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/server
          $<TARGET_FILE:golden_server>)

add_test(NAME golden_kiosk
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/golden/check.sh ${CMAKE_CURRENT_SOURCE_DIR}/golden/kiosk
          ${CMAKE_CURRENT_SOURCE_DIR}/golden/golden_kiosk.sh $<TARGET_FILE:minqing-kiosk>)
set_tests_properties(golden_kiosk PROPERTIES LABELS golden TIMEOUT 600)
