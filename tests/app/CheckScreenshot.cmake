# Runs `zsi-studio --screenshot OUT [ARGS]` and checks OUT's pixels with CHECKER (run by PYTHON).
file(REMOVE "${OUT}")
separate_arguments(extra UNIX_COMMAND "${ARGS}")
execute_process(COMMAND "${STUDIO}" --screenshot "${OUT}" ${extra}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 120)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "zsi-studio exited with ${rc}\n${out}\n${err}")
endif()
if(NOT EXISTS "${OUT}")
  message(FATAL_ERROR "no screenshot written\n${out}\n${err}")
endif()
# The pixels of known regions (tests/app/check_screenshot.py): a PNG of the right size is not
# enough, a blank or unstyled grab must fail too.
execute_process(COMMAND "${PYTHON}" "${CHECKER}" "${OUT}"
                RESULT_VARIABLE crc OUTPUT_VARIABLE cout ERROR_VARIABLE cerr)
if(NOT crc EQUAL 0)
  message(FATAL_ERROR "${cout}${cerr}")
endif()
message(STATUS "${cout}")
