# Install rules and a package config so that find_package(paystrike CONFIG) works.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(DIRECTORY include/paystrike DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY lib/include/paystrike DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY capi/include/paystrike DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS paystrike_core paystrike_io paystrike_c
        EXPORT paystrikeTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT paystrikeTargets NAMESPACE paystrike::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/paystrike)
configure_package_config_file(cmake/paystrikeConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/paystrikeConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/paystrike)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/paystrikeConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/paystrikeConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/paystrikeConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/paystrike)
