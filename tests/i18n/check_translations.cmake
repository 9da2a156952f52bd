# The Simplified Chinese catalogue must translate every text the sources
# show: lupdate (as `update_translations` runs it, with the build's include
# paths) is run on a copy of the .ts, and the test fails naming each source
# text that is new or unfinished. Run `cmake --build build --target
# update_translations`, translate what it lists, and commit the .ts.
#   -DLUPDATE=... -DGENERATOR=GenerateLUpdateProject.cmake -DPROJECT_IN=... -DTS=... -DWORK=dir
cmake_policy(SET CMP0007 NEW)
file(MAKE_DIRECTORY ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} -DIN_FILE=${PROJECT_IN} -DOUT_FILE=${WORK}/project.json -P ${GENERATOR}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "could not generate the lupdate project from ${PROJECT_IN}")
endif()
get_filename_component(name ${TS} NAME)
configure_file(${TS} ${WORK}/${name} COPYONLY)
execute_process(COMMAND ${LUPDATE} -project ${WORK}/project.json -no-obsolete -locations none -ts ${WORK}/${name}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "lupdate failed (${rc}):\n${out}\n${err}")
endif()
file(READ ${WORK}/${name} ts)
string(REPLACE ";" "\\;" ts "${ts}")  # CMake lists split on semicolons
# Each <message> whose translation is unfinished, with its source text.
string(REGEX MATCHALL "<source>[^<]*</source>[^<]*(<comment>[^<]*</comment>[^<]*)?<translation type=\"unfinished\"" bad "${ts}")
list(LENGTH bad n)
if(n GREATER 0)
  set(list "")
  set(shown 0)
  foreach(m IN LISTS bad)
    if(shown LESS 40)
      string(REGEX REPLACE "^<source>([^<]*)</source>.*" "\\1" src "${m}")
      string(SUBSTRING "${src}" 0 100 src)
      string(APPEND list "  ${src}\n")
    endif()
    math(EXPR shown "${shown} + 1")
  endforeach()
  message(FATAL_ERROR "${TS}: ${n} text(s) without a Chinese translation:\n${list}")
endif()
string(REGEX MATCHALL "<numerusform></numerusform>" empty "${ts}")
list(LENGTH empty n)
if(n GREATER 0)
  message(FATAL_ERROR "${TS}: ${n} empty plural form(s)")
endif()
message(STATUS "${TS}: complete")
