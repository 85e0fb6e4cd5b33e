// Rules of the private dns resource family (placeholder until written).
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

void AddPrivateDnsHandlers(std::vector<Registration>& out) { (void)out; }

}  // namespace vnet::control::handlers
