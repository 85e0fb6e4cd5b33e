// ArmRouter: maps an ARM REST request (method, path, query, headers, body) to the control
// layer and back to an HTTP status, headers and an ARM JSON body. No HTTP library types here,
// so the routing rules are tested without sockets.
#pragma once
#include <map>
#include <string>

#include "control/resource_manager.h"

namespace vnet::api {

struct HttpRequest {
  std::string method;  // "GET", "PUT", ...
  std::string path;    // without the query string
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::map<std::string, std::string> headers;
  std::string body;  // JSON text, or empty
};

class ArmRouter {
 public:
  explicit ArmRouter(control::ResourceManager& rm) : rm_(rm) {}
  HttpResponse Handle(const HttpRequest& request) const;

 private:
  control::ResourceManager& rm_;
};

// The ARM error envelope for a failed status: {"error": {"code", "message", "target"?,
// "details"?}}.
std::string ErrorBody(const Status& status);
HttpResponse ErrorResponse(const Status& status);

}  // namespace vnet::api
