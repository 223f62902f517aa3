# Image tests: every picture test is registered here, gets the label "image" and is checked by
# the one checker (tests/support/image_check.h): the picture shows each visible site's glyph
# and spread surface where the plan puts them and nothing where it has none, the picture's
# description agrees with the plan, and the picture matches its baseline tightly.
#
# A picture drawn by the program:
#   toxplan_add_image_test(NAME render_preempt_oblique
#     ARGS render plans/preempt-155.toxplan.json --view oblique --out {png} --about {about}
#     BASELINE render_preempt_oblique SITES 31 VISIBLE 15 SPREAD 31)
# runs `toxplan ARGS` in the source folder ({png}, {about} and {dir} name files in the build's
# tests/test-output/NAME/) and checks the picture; SITES, VISIBLE and SPREAD are what the plan
# puts in that view.
#
# Pictures drawn inside a GoogleTest executable (a scene rendered in the test):
#   toxplan_add_image_test(GTEST test_render)
# registers its test suites named Image* (their tests call toxplan::test::expect_image);
# toxplan_add_test_suite leaves those suites to this function.
function(toxplan_add_image_test)
  cmake_parse_arguments(ARG "" "NAME;GTEST;BASELINE;SITES;VISIBLE;SPREAD" "ARGS" ${ARGN})
  if(ARG_GTEST)
    gtest_discover_tests(${ARG_GTEST} DISCOVERY_MODE PRE_TEST TEST_FILTER "Image*"
                         PROPERTIES LABELS image TIMEOUT 600)
    return()
  endif()
  if(NOT ARG_NAME OR NOT ARG_ARGS)
    message(FATAL_ERROR "toxplan_add_image_test: NAME and ARGS are required")
  endif()
  set(checks --name ${ARG_NAME} --cd "${PROJECT_SOURCE_DIR}")
  if(ARG_BASELINE)
    list(APPEND checks --baseline ${ARG_BASELINE})
  endif()
  foreach(count SITES VISIBLE SPREAD)
    if(DEFINED ARG_${count})
      string(TOLOWER ${count} option)
      list(APPEND checks --${option} ${ARG_${count}})
    endif()
  endforeach()
  add_test(NAME image.${ARG_NAME}
           COMMAND toxplan_image_test ${checks} -- $<TARGET_FILE:toxplan> ${ARG_ARGS}
           WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  set_tests_properties(image.${ARG_NAME} PROPERTIES LABELS image TIMEOUT 600)
endfunction()
