// The private endpoint connection workflow on the provider side, shared by every resource that
// accepts private endpoints (storage accounts, SQL servers, key vaults, Cosmos DB accounts,
// Event Hubs and Service Bus namespaces, private link services).
#pragma once
#include <string>
#include <string_view>

#include "control/handler.h"

namespace vnet::control::handlers {

// Called from the Prepare() of a provider resource type. Keeps
// properties.privateEndpointConnections as the workflow owns it: on a PUT of the resource itself
// the stored list is kept (it is read-only there); on a PUT/DELETE of one connection
// (ctx.child_type == "privateEndpointConnections") it checks the transition (Pending -> Approved |
// Rejected, Approved -> Rejected; Rejected -> Approved refused), fills the read-only fields and
// stages the matching change on the consumer private endpoint (Approved / Rejected, or Disconnected
// when the connection is deleted). `spelling_action_required` is true for providers that spell the
// state field "actionRequired" (Microsoft.Storage) rather than "actionsRequired".
void ReconcilePrivateEndpointConnections(PutContext& ctx, bool spelling_action_required);

// Stages, on the private endpoint `private_endpoint_id`, its connection's state: status and
// description (the consumer side of the workflow). No-op when the endpoint is gone.
void SetConsumerState(Txn& txn, const std::string& private_endpoint_id, const std::string& status,
                      const std::string& description);

}  // namespace vnet::control::handlers
