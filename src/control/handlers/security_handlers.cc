// Rules of the security resource family (placeholder until written).
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

void AddSecurityHandlers(std::vector<Registration>& out) { (void)out; }

}  // namespace vnet::control::handlers
