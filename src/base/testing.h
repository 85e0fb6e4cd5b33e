// Test helpers: EXPECT_OK / ASSERT_OK and ASSERT_OK_AND_ASSIGN for Status and Result<T>.
#pragma once
#include <gtest/gtest.h>

#include "base/result.h"

namespace vnet::testing_internal {
inline const Status& AsStatus(const Status& s) { return s; }
template <typename T>
const Status& AsStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace vnet::testing_internal

#define EXPECT_OK(expr)                                      \
  EXPECT_TRUE(::vnet::testing_internal::AsStatus(expr).ok()) \
      << ::vnet::testing_internal::AsStatus(expr).ToString()
#define ASSERT_OK(expr)                                      \
  ASSERT_TRUE(::vnet::testing_internal::AsStatus(expr).ok()) \
      << ::vnet::testing_internal::AsStatus(expr).ToString()
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)   \
  auto tmp = (expr);                                \
  ASSERT_TRUE(tmp.ok()) << tmp.status().ToString(); \
  lhs = std::move(tmp).value()
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(VNET_CONCAT(vnet_test_result_, __LINE__), lhs, expr)
