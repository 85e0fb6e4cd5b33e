# vnet_module(): one library vnet::<name> per src/ folder, and its GoogleTest binary <name>_test.
add_library(vnet_warnings INTERFACE)
target_compile_options(vnet_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  -Wimplicit-fallthrough -Wextra-semi)

function(vnet_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;TESTS;TEST_DEPS" ${ARGN})
  add_library(vnet_${name} STATIC ${M_SOURCES})
  add_library(vnet::${name} ALIAS vnet_${name})
  target_include_directories(vnet_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(vnet_${name} PUBLIC ${M_DEPS} PRIVATE vnet_warnings)
  set_target_properties(vnet_${name} PROPERTIES COMPILE_WARNING_AS_ERROR ON)
  if(M_TESTS)
    add_executable(${name}_test ${M_TESTS})
    target_link_libraries(${name}_test PRIVATE vnet_${name} ${M_TEST_DEPS} GTest::gtest_main vnet_warnings)
    set_target_properties(${name}_test PROPERTIES COMPILE_WARNING_AS_ERROR ON)
    gtest_discover_tests(${name}_test PROPERTIES LABELS unit
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
