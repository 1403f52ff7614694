# cmake/Install.cmake — what `cmake --install` puts where (the Debian packages
# in debian/ are built from this). Kept apart from app/ and server/ so the
# programs' own CMakeLists stay about building; install(TARGETS) for targets
# made in other directories needs CMake >= 3.13.
#
# Units, sysusers.d, tmpfiles.d and the default configuration are installed by
# debian/ (dh_installsystemd and friends know the maintainer-script side);
# this file installs what any install needs: the programs and their man pages.
include(GNUInstallDirs)

install(TARGETS minqing-kiosk minqing-server
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${CMAKE_SOURCE_DIR}/docs/man/minqing-kiosk.1
              ${CMAKE_SOURCE_DIR}/docs/man/minqing-server.1
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
