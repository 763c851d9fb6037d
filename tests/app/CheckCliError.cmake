# Runs `zsi ARGS` and checks a usage error as a user meets it: the documented exit code (2, not
# just any failure: 1 means a problem with the input) and a message that names the offending
# argument (EXPECT).
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND "${ZSI}" ${args}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT rc STREQUAL "2")
  message(FATAL_ERROR "zsi ${ARGS}: exit code ${rc}, expected 2\n${out}\n${err}")
endif()
string(FIND "${err}" "${EXPECT}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "zsi ${ARGS}: stderr does not name ${EXPECT}\n${err}")
endif()
message(STATUS "zsi ${ARGS}: exit 2, ${err}")
