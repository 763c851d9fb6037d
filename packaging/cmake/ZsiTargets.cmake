# Small helpers so that every target gets the same warnings and every test the same wiring.

# Warnings are PRIVATE: they apply to our code, never to consumers or third-party headers.
function(zsi_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(ZSI_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# zsi_add_test(NAME n SOURCES a.cpp... LIBS l... LABELS unit|model|gui|slow [TIMEOUT s] [QT])
# One executable per area; ctest runs it whole. Core tests use the small harness in
# tests/harness (it builds without Qt, so the model tests also run on a GPU server); ui tests
# pass QT and use Qt Test.
function(zsi_add_test)
  cmake_parse_arguments(T "QT" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;ENV" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin/tests")
  zsi_target_warnings(${T_NAME})
  if(T_QT)
    target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} Qt6::Test)
  else()
    target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} zsi_test_harness)
  endif()
  target_compile_definitions(${T_NAME} PRIVATE
    ZSI_SHARED_DATA_DIR="${ZSI_SHARED_DATA_DIR}"
    ZSI_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    ZSI_BINARY_DIR="${CMAKE_BINARY_DIR}")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  # One intra-op thread per test: ctest runs one test per core, and the zsi/zsi-studio processes
  # a test starts would otherwise take every core each (configureCpuThreads) and oversubscribe.
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;OMP_NUM_THREADS=1;${T_ENV}"
    SKIP_RETURN_CODE 77)
endfunction()
