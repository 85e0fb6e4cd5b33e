// NetworkFixture: builds networks through the real control plane (ResourceManager over in-memory
// SQLite, every ARM rule applied), compiles them, and evaluates flows with both evaluators,
// failing the test when they disagree.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "compile/compiler.h"
#include "control/handlers/test_support.h"
#include "eval/evaluator.h"

namespace vnet::testing {

using control::Json;

class NetworkFixture : public ::testing::Test {
 protected:
  control::testing::Env env;

  static std::string Id(const std::string& suffix) { return control::testing::Env::Id(suffix); }
  static std::string VnetId(const std::string& v) {
    return Id("Microsoft.Network/virtualNetworks/" + v);
  }
  static std::string SubnetId(const std::string& v, const std::string& s) {
    return VnetId(v) + "/subnets/" + s;
  }
  static std::string NicId(const std::string& n) {
    return Id("Microsoft.Network/networkInterfaces/" + n);
  }
  static std::string StorageId(const std::string& a) {
    return Id("Microsoft.Storage/storageAccounts/" + a);
  }

  // PUT, failing the test (with the ARM error) when refused.
  Json Put(const std::string& id, const Json& body);
  void Delete(const std::string& id);
  Json Get(const std::string& id);

  // A VNet with subnets {name, prefix}.
  void Vnet(const std::string& name, const std::string& location,
            const std::vector<std::string>& space,
            const std::vector<std::pair<std::string, std::string>>& subnets);
  // Replaces a subnet's properties (addressPrefix kept from `prefix`).
  void Subnet(const std::string& vnet, const std::string& name, const std::string& prefix,
              Json extra = Json::object());
  // A NIC in a subnet (dynamic address unless `ip`), optionally forwarding; returns its address.
  std::string Nic(const std::string& name, const std::string& subnet_id, bool forwarding = false,
                  const std::string& ip = "", const std::string& location = "eastus");
  void Storage(const std::string& name, const std::string& location, Json acls = nullptr,
               Json extra_props = Json::object());
  // The manual (Pending) or automatic private endpoint to a target's group; returns its address.
  std::string PrivateEndpoint(const std::string& name, const std::string& subnet_id,
                              const std::string& target, const std::string& group, bool manual);
  // Sets the provider-side connection of `pe` on `target` to `status`.
  void SetConnection(const std::string& target, const std::string& pe, const std::string& status);
  void DeleteConnection(const std::string& target, const std::string& pe);

  // Compiles the current state.
  std::shared_ptr<const compile::CompiledNetwork> Compile();
  // The public front end of a service resource in the compiled network.
  std::string PublicIp(const std::string& service_id);

  // Evaluates with both evaluators; the test fails if their signatures differ.
  eval::Verdict FromNic(const std::string& nic_id, const std::string& dst, uint16_t port = 443,
                        net::Protocol protocol = net::Protocol::kTcp);
  eval::Verdict FromInternet(const std::string& src, const std::string& dst, uint16_t port = 443);
  eval::Verdict FromOnPrem(const std::string& site_id, const std::string& src,
                           const std::string& dst, const std::string& nat = "",
                           uint16_t port = 443);
  eval::Verdict Evaluate(const eval::Flow& flow);

 public:
  // The trace as text, for failure messages.
  static std::string Trace(const eval::Verdict& v);
};

}  // namespace vnet::testing
