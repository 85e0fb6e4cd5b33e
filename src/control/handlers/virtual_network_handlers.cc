// Rules of the virtual network resource family (placeholder until written).
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

void AddVirtualNetworkHandlers(std::vector<Registration>& out) { (void)out; }

}  // namespace vnet::control::handlers
