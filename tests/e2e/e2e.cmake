# End-to-end tests: real minqing-server and minqing-kiosk processes on loopback.
foreach(t e2e_opinion e2e_kiosk_booking e2e_offline e2e_tls e2e_clock e2e_faults e2e_soak e2e_powercut e2e_diskfull
        e2e_sync_overlap
        e2e_enroll_screen e2e_update e2e_kiosk_participation)
  add_test(NAME ${t}
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/${t}.sh
            $<TARGET_FILE:minqing-server> $<TARGET_FILE:minqing-kiosk>)
  set_tests_properties(${t} PROPERTIES LABELS e2e TIMEOUT 300 SKIP_RETURN_CODE 77
    ENVIRONMENT "MQ_PROXY=$<TARGET_FILE:mq-fault-proxy>;MQ_FILL=$<TARGET_FILE:mq-fill>")
endforeach()

# systemd's side of Type=notify and the watchdog, played without PID 1, and
# the kiosk's debug port on a pseudo-terminal (e2e_systemd.py).
add_test(NAME e2e_systemd
  COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/e2e/e2e_systemd.py
          $<TARGET_FILE:minqing-server> $<TARGET_FILE:minqing-kiosk>)
set_tests_properties(e2e_systemd PROPERTIES LABELS e2e TIMEOUT 300)

# The server-side ones again on PostgreSQL (NAME_pg, label pg): the kiosk's
# own properties (power cuts, a full disk, TLS, its clock) do not depend on
# the server's database and run once.
foreach(t e2e_opinion e2e_kiosk_booking e2e_offline e2e_faults e2e_update e2e_kiosk_participation)
  mq_pg_variant(${t} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/${t}.sh
                $<TARGET_FILE:minqing-server> $<TARGET_FILE:minqing-kiosk>)
endforeach()
