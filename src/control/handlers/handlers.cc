// The list of every handler family.
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

std::vector<Registration> AllHandlers() {
  std::vector<Registration> out;
  AddVirtualNetworkHandlers(out);
  AddSecurityHandlers(out);
  AddInterfaceHandlers(out);
  AddGatewayHandlers(out);
  AddPrivateEndpointHandlers(out);
  AddPrivateDnsHandlers(out);
  AddServiceHandlers(out);
  AddPolicyHandlers(out);
  return out;
}

}  // namespace vnet::control::handlers
