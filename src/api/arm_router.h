// ArmRouter: maps an ARM REST request (method, path, query, headers, body) to the control
// layer and back to an HTTP status, headers and an ARM JSON body. No HTTP library types here,
// so the routing rules are tested without sockets.
#pragma once
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api/http_types.h"
#include "api/route_extension.h"
#include "control/resource_manager.h"

namespace vnet::api {

class ArmRouter {
 public:
  explicit ArmRouter(control::ResourceManager& rm) : rm_(rm) {}
  // Routes that extensions own are tried first (not thread-safe: add before serving).
  void AddExtension(std::shared_ptr<const RouteExtension> extension);
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  control::ResourceManager& rm_;
  std::vector<std::shared_ptr<const RouteExtension>> extensions_;
};

// A JSON response with the usual content type.
HttpResponse JsonResponse(int status, const nlohmann::json& body);

// The ARM error envelope for a failed status: {"error": {"code", "message", "target"?,
// "details"?}}.
std::string ErrorBody(const Status& status);
HttpResponse ErrorResponse(const Status& status);

}  // namespace vnet::api
