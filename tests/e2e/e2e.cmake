# End-to-end tests: real minqing-server and minqing-kiosk processes on loopback.
foreach(t e2e_opinion e2e_offline e2e_tls)
  add_test(NAME ${t}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/${t}.sh
            $<TARGET_FILE:minqing-server> $<TARGET_FILE:minqing-kiosk>)
  set_tests_properties(${t} PROPERTIES LABELS e2e TIMEOUT 300)
endforeach()
