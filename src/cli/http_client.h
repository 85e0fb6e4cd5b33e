// HttpClient: the one seam between the CLI and the network. The real client speaks HTTP to vnetd
// through cpp-httplib; tests substitute a fake that records requests and replays canned answers.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace vnet::cli {

struct HttpRequest {
  std::string method;  // "GET", "PUT", "PATCH", "POST", "DELETE"
  std::string target;  // path and query: "/subscriptions/...?api-version=2023-09-01"
  std::string body;    // empty for no body
  std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Sends one request. kUnavailable when the server cannot be reached; any HTTP status is a value.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

// A client for `server` ("http://127.0.0.1:8480"). kInvalidArgument on a malformed URL.
Result<std::unique_ptr<HttpClient>> NewHttplibClient(std::string_view server);

}  // namespace vnet::cli
