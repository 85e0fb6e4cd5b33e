// Provider-side private endpoint connections (placeholder until written).
#include "control/handlers/private_link_connections.h"

namespace vnet::control::handlers {

void ReconcilePrivateEndpointConnections(PutContext& ctx, bool spelling_action_required) {
  (void)ctx;
  (void)spelling_action_required;
}

}  // namespace vnet::control::handlers
