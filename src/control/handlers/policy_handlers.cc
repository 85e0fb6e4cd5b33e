// Rules of the policy resource family (placeholder until written).
#include "control/handlers/handlers.h"

namespace vnet::control::handlers {

void AddPolicyHandlers(std::vector<Registration>& out) { (void)out; }

}  // namespace vnet::control::handlers
