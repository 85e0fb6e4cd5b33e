// ArmClient: ARM requests over an HttpClient. Adds the api-version for the addressed type, turns
// the ARM error envelope into a Status (reason = Azure's error code), follows nextLink on lists
// and waits out the Azure-AsyncOperation / Location pattern of long-running operations.
#pragma once
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "cli/http_client.h"

namespace vnet::cli {

using Json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

class ArmClient {
 public:
  // `server` only labels --debug output; `debug_out` receives one block per request when `debug`.
  ArmClient(HttpClient& http, std::string server, bool debug, std::ostream& debug_out)
      : http_(http), server_(std::move(server)), debug_(debug), debug_out_(debug_out) {}

  // `path` is an ARM path without a query. Errors: the server's ARM error as a Status whose
  // reason() is the ARM code (kNotFound for 404, kInvalidArgument for 400, ...); kUnavailable when
  // the server cannot be reached.
  Result<Json> Get(std::string_view path);
  // PUT/PATCH return the resource as stored (GETting it when the server answers without a body).
  Result<Json> Put(std::string_view path, const Json& body, const Headers& headers = {});
  Result<Json> Patch(std::string_view path, const Json& body, const Headers& headers = {});
  Result<Json> Post(std::string_view path, const Json& body);
  // A missing resource is not an error: deletes are idempotent, as in Azure CLI.
  Status Delete(std::string_view path);
  // GETs a collection and every nextLink page; returns the concatenated "value" array.
  Result<Json> List(std::string_view path);
  // The `rest` escape hatch: any method, `target` may carry a query (api-version added if absent).
  // Returns the body (null when empty).
  Result<Json> Raw(std::string_view method, std::string_view target, const std::string& body);

  // The target actually sent for `path`: percent-encoded, with "?api-version=...".
  static std::string Target(std::string_view path);

 private:
  Result<HttpResponse> Send(std::string_view method, const std::string& target,
                            const std::string& body, const Headers& headers);
  Result<Json> Write(std::string_view method, std::string_view path, const Json& body,
                     const Headers& headers);
  // Polls a long-running operation until it ends; returns the final body, if any.
  Result<Json> Await(const HttpResponse& first);

  HttpClient& http_;
  std::string server_;
  bool debug_;
  std::ostream& debug_out_;
};

// The Status for a failed HTTP exchange, from the ARM error envelope when the body has one.
Status StatusFromResponse(const HttpResponse& response);

}  // namespace vnet::cli
