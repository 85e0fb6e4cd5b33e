// Internals of the diagnostics routes shared by their files: the request (parsed path and body),
// lookups of the resources a body names, and the handlers of each family of operations.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/diagnostics_state.h"
#include "base/result.h"
#include "dns/resolver.h"
#include "eval/verdict.h"

namespace vnet::api::diag {

using Json = nlohmann::json;
using compile::Index;
using compile::kNoIndex;

// What the handlers read: the view of the current revision, the id of the addressed resource
// (NIC, watcher) or scope (subscription), and the parsed body.
struct Call {
  std::shared_ptr<const DiagnosticsView> view;
  std::string target_id;  // as in the path
  Json body;              // an object (empty for operations without a body)
  const compile::Topology& t() const { return view->t(); }
};

// kInvalidArgument "InvalidRequestFormat" with `message`.
Status BadRequest(std::string message);

// The index of the resource `id` names in `items` (any casing), or kNoIndex.
template <class T>
Index FindIn(const compile::Topology& t, const std::vector<T>& items, std::string_view id);

// The stored document for `id`, or nullptr.
const model::Doc* FindDoc(const DiagnosticsView& view, std::string_view id);

// A required / optional string property of `body`.
Result<std::string> RequiredString(const Json& body, const char* name);
std::string OptionalString(const Json& body, const char* name);
// An IPv4 address property (Network Watcher takes IPv4 only).
Result<net::IpAddress> Ipv4Property(const Json& body, const char* name);
// A port given as a number or a string ("80"); `allow_any` accepts "*" (returned as nullopt).
Result<std::optional<uint16_t>> PortProperty(const Json& body, const char* name, bool allow_any);

// The VM `vm_id` names: 404 NotFound when it does not exist.
Result<Index> FindVm(const Call& call, const std::string& vm_id);
// The NIC of `vm` the request means: `nic_id` when given (it must be one of the VM's), else the
// one holding `ip` when set, else the primary.
Result<Index> NicOfVm(const Call& call, Index vm, const std::string& nic_id,
                      const net::IpAddress* ip);
// The watcher named by the path must exist (404 ResourceNotFound) and be in `region`.
Status CheckWatcher(const Call& call, std::string_view region);
// The region of a VM or NIC (from its stored document).
std::string RegionOf(const Call& call, std::string_view id);

// What a destination's `address` named: an IP as given, or a name resolved (A records) through
// the DNS view as the source would resolve it: the source NIC's VNet, the internet for other
// sources (on-premises clients without a forwarder into Azure resolve publicly).
struct Destination {
  std::string name;                           // as given
  std::optional<net::IpAddress> ip;           // nullopt when a name did not resolve
  std::optional<dns::Resolution> resolution;  // set when a name was resolved
  dns::Viewpoint from;
};
Destination ResolveDestination(const Call& call, std::string_view name, Index source_nic);
// The "dns" trace step of a resolved destination (the first step of the trace).
eval::TraceStep DnsStep(const Call& call, const Destination& d);
// The verdict of a flow whose destination name did not resolve (reason "DnsResolution").
eval::Verdict UnresolvedVerdict(const Call& call, const Destination& d);

// The primary private address of a NIC, a VM's primary NIC, a private endpoint's first address
// or a service resource's public front end that `resource_id` names; nullopt if none.
std::optional<net::IpAddress> AddressOfResource(const Call& call, std::string_view resource_id);

// "Tcp"/"Udp"/"All"... as effective security rules spell protocols.
std::string EffectiveProtocol(const compile::SecurityRule& r);
// "securityRules/x" or "defaultSecurityRules/x".
std::string RuleName(const compile::SecurityRule& r);

// The Verdict as JSON (the vnetdTrace shape): outcome, reason, steps, remedies and facts.
Json VerdictJson(const eval::Verdict& v);
// Network Watcher's connectivityCheck answer for a verdict, vnetdTrace included.
Json ConnectivityJson(const Call& call, const eval::Verdict& v, Index source_nic,
                      const net::IpAddress& destination);

// Handlers: each answers the JSON body of a 200 response.
Result<Json> EffectiveRouteTable(const Call& call);
Result<Json> EffectiveNetworkSecurityGroups(const Call& call);
Result<Json> IpFlowVerify(const Call& call);
Result<Json> NextHop(const Call& call);
Result<Json> ConnectivityCheck(const Call& call);
Result<Json> EvaluateFlow(const Call& call);
Result<Json> WhoCanReach(const Call& call);
Result<Json> Exfiltration(const Call& call);

template <class T>
Index FindIn(const compile::Topology& t, const compile::SharedVector<T>& items,
             std::string_view id) {
  Index i = t.Find(id);
  if (i == kNoIndex || i >= items.size()) return kNoIndex;
  const std::string& have = items[i].id;
  if (have.size() != id.size()) return kNoIndex;
  for (size_t k = 0; k < id.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(have[k])) !=
        std::tolower(static_cast<unsigned char>(id[k])))
      return kNoIndex;
  }
  return i;
}

}  // namespace vnet::api::diag
