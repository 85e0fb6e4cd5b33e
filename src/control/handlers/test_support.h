// Test support for handler tests: a ResourceManager over in-memory SQLite, and short ways to
// PUT/GET/DELETE by id text and to assert on ARM error codes.
#pragma once
#include <memory>
#include <string>

#include "control/resource_manager.h"

namespace vnet::control::testing {

class Env {
 public:
  Env();  // with resource group /subscriptions/sub1/resourceGroups/rg1 in eastus
  static constexpr const char* kSub = "/subscriptions/sub1";
  static constexpr const char* kRg = "/subscriptions/sub1/resourceGroups/rg1";
  // kRg + "/providers/" + suffix
  static std::string Id(const std::string& provider_suffix);

  Result<Reply> Put(const std::string& id, const Json& body, const Preconditions& pre = {});
  Result<Reply> Patch(const std::string& id, const Json& body);
  Result<Reply> Get(const std::string& id) const;
  Result<Reply> Delete(const std::string& id);
  // The error code ("" if the call succeeded).
  std::string PutError(const std::string& id, const Json& body);
  std::string DeleteError(const std::string& id);
  ResourceManager& rm() { return *rm_; }

 private:
  std::unique_ptr<ResourceManager> rm_;
};

}  // namespace vnet::control::testing
