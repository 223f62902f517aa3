# One static library per layer of DESIGN.md; sources are globbed so that adding a file to a
# layer needs no CMake edit.
function(toxplan_add_layer name)
  cmake_parse_arguments(ARG "" "" "PUBLIC_LIBS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*.cpp")
  if(NOT sources)  # a layer that has only headers so far
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE "${PROJECT_SOURCE_DIR}/src")
    target_link_libraries(${name} INTERFACE ${ARG_PUBLIC_LIBS})
    return()
  endif()
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_LIBS} PRIVATE toxplan_warnings)
endfunction()

# A GoogleTest executable from every .cpp in tests/<dir>. Tests are discovered when ctest runs
# (PRE_TEST) so that building never needs a display. Suites named Image* are image tests,
# registered by toxplan_add_image_test (cmake/ToxplanImageTests.cmake).
function(toxplan_add_test_suite name dir)
  cmake_parse_arguments(ARG "" "" "LIBS;LABELS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.cpp")
  if(NOT sources)
    return()
  endif()
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} toxplan_test_paths GTest::gtest_main
                                        GTest::gmock toxplan_warnings)
  # A suite that runs the program must never run a stale one.
  add_dependencies(${name} toxplan)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST TEST_FILTER "-Image*"
                       PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT 600)
endfunction()
