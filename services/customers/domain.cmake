# The customers domain: pure logic (funnel, tiers, points, validation, names, surveys) and
# its unit tests. Kept apart from CMakeLists.txt so that it builds with Abseil and GoogleTest
# alone, e.g. from a scratch project that sets CUSTOMERS_DIR and SALES_ROOT.
if(NOT DEFINED CUSTOMERS_DIR)
  set(CUSTOMERS_DIR ${CMAKE_CURRENT_LIST_DIR})
endif()
if(NOT DEFINED SALES_ROOT)
  get_filename_component(SALES_ROOT ${CMAKE_CURRENT_LIST_DIR}/../.. ABSOLUTE)
endif()

add_library(customers_domain STATIC
  ${CUSTOMERS_DIR}/src/domain/funnel.cc
  ${CUSTOMERS_DIR}/src/domain/tiers.cc
  ${CUSTOMERS_DIR}/src/domain/loyalty.cc
  ${CUSTOMERS_DIR}/src/domain/validation.cc
  ${CUSTOMERS_DIR}/src/domain/names.cc
  ${CUSTOMERS_DIR}/src/domain/satisfaction.cc
  ${CUSTOMERS_DIR}/src/domain/customer_lifecycle.cc
  ${CUSTOMERS_DIR}/src/domain/imported_history.cc
  ${CUSTOMERS_DIR}/src/domain/referrals.cc
  ${CUSTOMERS_DIR}/src/domain/feedback.cc
)
target_include_directories(customers_domain PUBLIC ${SALES_ROOT})
target_compile_options(customers_domain PRIVATE ${SALES_WARNINGS})
target_link_libraries(customers_domain PUBLIC sales_base
  absl::status absl::statusor absl::strings absl::str_format absl::int128 absl::time)

add_executable(customers_domain_tests
  ${CUSTOMERS_DIR}/tests/funnel_test.cc
  ${CUSTOMERS_DIR}/tests/tiers_test.cc
  ${CUSTOMERS_DIR}/tests/loyalty_test.cc
  ${CUSTOMERS_DIR}/tests/validation_test.cc
  ${CUSTOMERS_DIR}/tests/names_test.cc
  ${CUSTOMERS_DIR}/tests/satisfaction_test.cc
  ${CUSTOMERS_DIR}/tests/customer_lifecycle_test.cc
  ${CUSTOMERS_DIR}/tests/imported_history_test.cc
  ${CUSTOMERS_DIR}/tests/referrals_test.cc
  ${CUSTOMERS_DIR}/tests/feedback_test.cc
)
target_compile_options(customers_domain_tests PRIVATE ${SALES_WARNINGS})
target_link_libraries(customers_domain_tests PRIVATE customers_domain GTest::gtest_main)
add_test(NAME customers_domain_tests COMMAND customers_domain_tests)
