// Which Handler serves which resource type. Handlers are listed here explicitly (no static
// self-registration, which static libraries silently drop).
#include "base/strings.h"
#include "control/handler.h"
#include "control/handlers/handlers.h"

namespace vnet::control {

namespace {

class DefaultHandler : public Handler {};

const std::vector<handlers::Registration>& Table() {
  static const std::vector<handlers::Registration> kTable = handlers::AllHandlers();
  return kTable;
}

}  // namespace

const Handler& HandlerFor(std::string_view type) {
  static const DefaultHandler kDefault;
  for (const handlers::Registration& e : Table()) {
    if (EqualsIgnoreCase(e.type, type)) return *e.handler;
  }
  return kDefault;
}

}  // namespace vnet::control
