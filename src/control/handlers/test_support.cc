// Test support for handler tests.
#include "control/handlers/test_support.h"

#include "base/check.h"

namespace vnet::control::testing {

namespace {
arm::ResourceId ParseId(const std::string& text) {
  Result<arm::ResourceId> id = arm::ResourceId::Parse(text);
  VNET_CHECK(id.ok());
  return *id;
}
}  // namespace

Env::Env() {
  auto store = store::OpenSqliteStore({":memory:", false});
  VNET_CHECK(store.ok());
  auto rm = ResourceManager::Open(std::move(store).value());
  VNET_CHECK(rm.ok());
  rm_ = std::move(rm).value();
  VNET_CHECK(rm_->Put(ParseId(kRg), R"({"location":"eastus"})", {}).ok());
}

std::string Env::Id(const std::string& provider_suffix) {
  return std::string(kRg) + "/providers/" + provider_suffix;
}

Result<Reply> Env::Put(const std::string& id, const Json& body, const Preconditions& pre) {
  return rm_->Put(ParseId(id), body.dump(), pre);
}
Result<Reply> Env::Patch(const std::string& id, const Json& body) {
  return rm_->Patch(ParseId(id), body.dump(), {});
}
Result<Reply> Env::Get(const std::string& id) const { return rm_->Get(ParseId(id)); }
Result<Reply> Env::Delete(const std::string& id) { return rm_->Delete(ParseId(id), {}); }

std::string Env::PutError(const std::string& id, const Json& body) {
  Result<Reply> r = Put(id, body);
  return r.ok() ? "" : r.status().reason();
}
std::string Env::DeleteError(const std::string& id) {
  Result<Reply> r = Delete(id);
  return r.ok() ? "" : r.status().reason();
}

}  // namespace vnet::control::testing
