# Kiosk UI: pure parts as unit tests, and the headless scenario scripts.
mq_unit_test(test_ui_theme    SOURCES unit/test_ui_theme.c    LIBS mq_ui)
mq_unit_test(test_ui_script   SOURCES unit/test_ui_script.c   LIBS mq_ui)
mq_unit_test(test_ui_keyboard SOURCES unit/test_ui_keyboard.c LIBS mq_ui)
mq_unit_test(test_ui_i18n     SOURCES unit/test_ui_i18n.c     LIBS mq_ui)
target_compile_definitions(test_ui_i18n PRIVATE
  MQ_APP_SOURCE_DIR="${CMAKE_SOURCE_DIR}/app")

# Headless end-to-end: the kiosk files an opinion from a script against an
# empty data dir; the runner checks the dump and decodes the QR with zbarimg.
add_test(NAME kiosk_file_opinion
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/kiosk/run.sh $<TARGET_FILE:minqing-kiosk>
          ${CMAKE_CURRENT_SOURCE_DIR}/kiosk/file_opinion.script)
set_tests_properties(kiosk_file_opinion PROPERTIES LABELS kiosk TIMEOUT 120)
