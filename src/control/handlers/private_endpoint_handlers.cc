// Rules of the private endpoint resource family (placeholder until written).
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

void AddPrivateEndpointHandlers(std::vector<Registration>& out) { (void)out; }

}  // namespace vnet::control::handlers
