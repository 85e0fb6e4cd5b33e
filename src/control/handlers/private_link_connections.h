// The private endpoint connection workflow on the provider side, shared by every resource that
// accepts private endpoints (storage accounts, SQL servers, key vaults, Cosmos DB accounts,
// Event Hubs and Service Bus namespaces, private link services), and the private link service
// type itself.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "control/handler.h"
#include "control/handlers/handlers.h"
#include "net/cidr.h"

namespace vnet::control::handlers {

// Called from the Prepare() of a provider resource type. Keeps
// properties.privateEndpointConnections as the workflow owns it: on a PUT of the resource itself
// the stored list is kept (it is read-only there; [] when there is none); on a PUT/DELETE of one
// connection (ctx.child_type == "privateEndpointConnections") it checks the transition (Pending
// -> Approved | Rejected, Approved -> Rejected; Rejected -> Approved refused; a connection that
// does not exist cannot be created: 404 PrivateEndpointConnectionNotFound), keeps every field
// but the state as stored, and stages the matching change on the consumer private endpoint
// (Approved / Rejected, or Disconnected when the connection is deleted).
// `spelling_action_required` is true for providers that spell the state field "actionRequired"
// (Microsoft.Storage) rather than "actionsRequired"; those also refuse approving an Approved
// connection (InvalidValuesForRequestParameters, as the storage recordings show).
void ReconcilePrivateEndpointConnections(PutContext& ctx, bool spelling_action_required);

// Stages, on the private endpoint `private_endpoint_id`, its connection's state: status and
// description (the consumer side of the workflow). No-op when the endpoint is gone.
void SetConsumerState(Txn& txn, const std::string& private_endpoint_id, const std::string& status,
                      const std::string& description);

// For a provider resource being deleted: every private endpoint connected to it shows
// Disconnected. Call from the provider's BeforeDelete.
void DisconnectConsumers(Txn& txn, const Doc& provider);

// Private addresses held in the subnet `subnet_key` (NIC, private endpoint and private link
// service IP configurations), leaving out those of the document `self_key` (its own, on an update).
std::vector<net::IpAddress> PrivateAddressesInUse(const Txn& txn, const std::string& subnet_key,
                                                  const std::string& self_key);
// A static private address `text` for `subnet`: IPv4, inside the subnet, not one of the reserved
// addresses, not in `used`. 400 PrivateIPAddressInvalid / PrivateIPAddressNotInSubnet /
// PrivateIPAddressInReservedRange / PrivateIPAddressIsAllocated otherwise.
Result<net::IpAddress> CheckStaticPrivateAddress(const std::string& config_id,
                                                 const std::string& text, const Json& subnet,
                                                 const std::vector<net::IpAddress>& used);
// Azure's allocator: the first IPv4 address after the 4 reserved ones not in `used`; 400
// SubnetIsFull when there is none.
Result<net::IpAddress> FirstFreePrivateAddress(const Json& subnet,
                                               const std::vector<net::IpAddress>& used);

// Registers Microsoft.Network/privateLinkServices (its handler lives with the workflow).
void AddPrivateLinkServiceHandler(std::vector<Registration>& out);

}  // namespace vnet::control::handlers
