// Placeholder: being written.
#include "api/dns_routes.h"

namespace vnet::api {
namespace {
class Placeholder : public RouteExtension {
 public:
  std::optional<HttpResponse> Handle(const HttpRequest&) const override { return std::nullopt; }
};
}  // namespace
std::shared_ptr<const RouteExtension> MakeDnsRoutes(control::ResourceManager&) {
  return std::make_shared<Placeholder>();
}
}  // namespace vnet::api
