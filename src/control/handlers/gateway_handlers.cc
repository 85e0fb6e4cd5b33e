// Rules of the gateway resource family (placeholder until written).
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

void AddGatewayHandlers(std::vector<Registration>& out) { (void)out; }

}  // namespace vnet::control::handlers
