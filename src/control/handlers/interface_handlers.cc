// Rules of the interface resource family (placeholder until written).
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

void AddInterfaceHandlers(std::vector<Registration>& out) { (void)out; }

}  // namespace vnet::control::handlers
