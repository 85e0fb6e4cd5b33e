// RouteExtension: a family of routes outside the generic ARM resource lifecycle (service tags,
// Network Watcher diagnostics, DNS resolution...). ArmRouter asks each extension, in the order
// they were added, before its own routing; the first that answers wins.
#pragma once
#include <optional>

#include "api/http_types.h"

namespace vnet::api {

class RouteExtension {
 public:
  virtual ~RouteExtension() = default;
  // The response when this extension owns the request's path, nullopt otherwise. Must be
  // thread-safe: requests arrive concurrently.
  virtual std::optional<HttpResponse> Handle(const HttpRequest& request) const = 0;
};

}  // namespace vnet::api
