// Rules of the service resource family (placeholder until written).
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

void AddServiceHandlers(std::vector<Registration>& out) { (void)out; }

}  // namespace vnet::control::handlers
