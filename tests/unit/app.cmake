# Kiosk UI: pure parts as unit tests, and the headless scenario scripts.
mq_unit_test(test_ui_theme    SOURCES unit/test_ui_theme.c    LIBS mq_ui)
mq_unit_test(test_script      SOURCES unit/test_script.c      LIBS mq_testing)
mq_unit_test(test_ui_keyboard SOURCES unit/test_ui_keyboard.c LIBS mq_ui)
mq_unit_test(test_ui_i18n     SOURCES unit/test_ui_i18n.c     LIBS mq_ui)
mq_unit_test(test_ui_input    SOURCES unit/test_ui_input.c    LIBS mq_ui)
mq_unit_test(test_visit       SOURCES unit/test_visit.c       LIBS mq_state)
mq_unit_test(test_state       SOURCES unit/test_state.c       LIBS mq_state PkgConfig::JANSSON)
mq_unit_test(test_config      SOURCES unit/test_config.c      LIBS mq_config)
mq_unit_test(test_speech      SOURCES unit/test_speech.c      LIBS mq_speech)
mq_unit_test(test_print       SOURCES unit/test_print.c       LIBS mq_print mq_ui PkgConfig::SDL2_TTF)
# The glyph cache (app/ui/glyphs.h, private to the toolkit) against SDL_ttf itself.
mq_unit_test(test_ui_glyphs   SOURCES unit/test_ui_glyphs.c   LIBS mq_ui PkgConfig::SDL2_TTF
             PkgConfig::FONTCONFIG)
target_include_directories(test_ui_glyphs PRIVATE ${CMAKE_SOURCE_DIR}/app/ui)
target_compile_definitions(test_ui_glyphs PRIVATE MQ_PO_FILE="${CMAKE_SOURCE_DIR}/assets/po/en.po")
target_compile_definitions(test_ui_i18n PRIVATE
  MQ_APP_SOURCE_DIR="${CMAKE_SOURCE_DIR}/app")
# The screenshot's PNG encoder (app/ui/png_write.h, private to the toolkit).
mq_unit_test(test_ui_png      SOURCES unit/test_ui_png.c      LIBS mq_ui PkgConfig::ZLIB)
target_include_directories(test_ui_png PRIVATE ${CMAKE_SOURCE_DIR}/app/ui)
# The handwriting recogniser's wrapper (hwr.h) is the toolkit's own; its test looks inside.
target_include_directories(test_ui_input PRIVATE ${CMAKE_SOURCE_DIR}/app/ui)

if(NOT CMAKE_CROSSCOMPILING)
  set(K ${CMAKE_CURRENT_SOURCE_DIR}/kiosk)
  # Headless end-to-end: the kiosk files an opinion from a script against an
  # empty data dir; the runner checks the dump and decodes the QR with zbarimg.
  add_test(NAME kiosk_file_opinion
    COMMAND sh ${K}/run.sh $<TARGET_FILE:minqing-kiosk> ${K}/file_opinion.script)
  # Every screen in zh/en x normal/elder: words, flows, QR codes, and the
  # accessibility rules measured from each dump (check_dump.py).
  add_test(NAME kiosk_walk COMMAND sh ${K}/walk.sh $<TARGET_FILE:minqing-kiosk>)
  # Partial redraws: after every step of the walk, the frame drawn in parts
  # equals a full redraw of the same state, pixel for pixel (check-redraw),
  # upright (the screen is the output) and turned (a copy to the panel).
  add_test(NAME kiosk_redraw
    COMMAND env MQ_CHECK_REDRAW=1 sh ${K}/walk.sh $<TARGET_FILE:minqing-kiosk>)
  add_test(NAME kiosk_redraw_rotation_90
    COMMAND env MQ_CHECK_REDRAW=1 "MQ_KIOSK_INI=rotation = 90"
            sh ${K}/walk.sh $<TARGET_FILE:minqing-kiosk>)
  # check_dump.py must be able to fail: a dump with known breaches.
  add_test(NAME kiosk_check_dump_fails
    COMMAND python3 ${K}/check_dump.py ${K}/bad_dump.json)
  set_tests_properties(kiosk_check_dump_fails PROPERTIES WILL_FAIL TRUE)
  add_test(NAME kiosk_idle
    COMMAND sh ${K}/scenario.sh $<TARGET_FILE:minqing-kiosk> ${K}/idle.script)
  foreach(deg 90 180 270)
    add_test(NAME kiosk_rotation_${deg}
      COMMAND sh ${K}/scenario.sh $<TARGET_FILE:minqing-kiosk> ${K}/rotation.script
              "rotation = ${deg}")
    set_tests_properties(kiosk_rotation_${deg} PROPERTIES LABELS kiosk TIMEOUT 300)
  endforeach()
  add_test(NAME kiosk_monkey
    COMMAND sh ${K}/scenario.sh $<TARGET_FILE:minqing-kiosk> ${K}/monkey.script)
  # Booking a visit offline, member check-in/out, PIN lockout, and
  # every new screen in zh/en x normal/elder through check_dump.py.
  add_test(NAME kiosk_visit COMMAND sh ${K}/visit.sh $<TARGET_FILE:minqing-kiosk>)
  add_test(NAME kiosk_window COMMAND sh ${K}/window.sh $<TARGET_FILE:minqing-kiosk>)
  # 大家来选议题 and 问卷调查: once per visit, every screen in zh/en x
  # normal/elder through check_dump.py.
  add_test(NAME kiosk_participation COMMAND sh ${K}/part.sh $<TARGET_FILE:minqing-kiosk>)
  # Read-aloud through espeak-ng into SDL's disk audio driver: what is said,
  # that it is heard, and silence when it is off.
  add_test(NAME kiosk_speech COMMAND sh ${K}/speech.sh $<TARGET_FILE:minqing-kiosk>)
  # Receipts printed to a file, a full device, a missing one and a CUPS
  # queue; the slip decoded and its QR read with zbarimg.
  add_test(NAME kiosk_print
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/print/print.sh $<TARGET_FILE:minqing-kiosk>)
  # The panel off outside opening hours: dark and black when idle after
  # closing, lit by a touch, a scan or opening time, never before enrollment.
  add_test(NAME kiosk_blank COMMAND python3 ${K}/blank.py $<TARGET_FILE:minqing-kiosk>)
  set_tests_properties(kiosk_window PROPERTIES LABELS kiosk TIMEOUT 120 SKIP_RETURN_CODE 77)
  set_tests_properties(kiosk_file_opinion kiosk_walk kiosk_check_dump_fails kiosk_idle
    kiosk_monkey kiosk_visit kiosk_participation kiosk_blank kiosk_speech kiosk_print PROPERTIES LABELS kiosk TIMEOUT 300)
  # a full redraw after every step of four walks: slow under ASan
  set_tests_properties(kiosk_redraw kiosk_redraw_rotation_90 PROPERTIES LABELS kiosk TIMEOUT 900)
endif()
