# Install rules: executables, the models/ folder (configs and the demo model) and the docs.
include(GNUInstallDirs)
install(TARGETS zsi RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(ZSI_BUILD_UI)
  install(TARGETS zsi-studio RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/zsi-studio.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/128x128/apps)
endif()
install(DIRECTORY ${CMAKE_SOURCE_DIR}/models/ DESTINATION ${CMAKE_INSTALL_DATADIR}/zsi-studio/models)
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
