# Code checks that read the tree or the build rather than run the programs:
# the module graph (no cycle, as docs/ARCHITECTURE.md draws it), the house
# rules of STYLE.md a script can see, and a self-test showing both can fail.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME code_rules
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/check-code.py ${CMAKE_SOURCE_DIR})
add_test(NAME code_checks_selftest
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/checks/selftest.sh ${CMAKE_SOURCE_DIR}/scripts)
set_tests_properties(code_rules code_checks_selftest PROPERTIES LABELS unit TIMEOUT 60)
# nm reads this build's objects; a cross build's are left to the native one.
if(NOT CMAKE_CROSSCOMPILING)
  add_test(NAME module_deps
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/check-deps.py ${CMAKE_BINARY_DIR}
            ${CMAKE_SOURCE_DIR})
  set_tests_properties(module_deps PROPERTIES LABELS unit TIMEOUT 60)
endif()
# The manual pages describe every command of the programs' --help.
if(NOT CMAKE_CROSSCOMPILING)
  add_test(NAME man_pages_server
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/checks/man_pages.sh $<TARGET_FILE:minqing-server>
            ${CMAKE_SOURCE_DIR}/docs/man/minqing-server.1)
  add_test(NAME man_pages_kiosk
    COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/checks/man_pages.sh $<TARGET_FILE:minqing-kiosk>
            ${CMAKE_SOURCE_DIR}/docs/man/minqing-kiosk.1)
  set_tests_properties(man_pages_server man_pages_kiosk PROPERTIES LABELS unit TIMEOUT 60)
endif()
