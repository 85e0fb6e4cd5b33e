// HttplibClient: HttpClient over cpp-httplib. httplib is kept behind this file so no other file
// of the CLI (or its tests) depends on it.
#include "cli/http_client.h"

#include <httplib.h>

#include "base/strings.h"

namespace vnet::cli {
namespace {

class HttplibClient : public HttpClient {
 public:
  explicit HttplibClient(std::string server) : server_(std::move(server)), client_(server_) {
    client_.set_connection_timeout(10, 0);
    client_.set_read_timeout(120, 0);
    client_.set_write_timeout(60, 0);
  }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    httplib::Request req;
    req.method = request.method;
    req.path = request.target;
    for (const auto& [name, value] : request.headers) req.headers.emplace(name, value);
    if (!request.body.empty()) {
      req.body = request.body;
      req.headers.emplace("Content-Type", "application/json");
    }
    req.headers.emplace("Accept", "application/json");
    httplib::Result res = client_.send(req);
    if (!res) {
      return Status::Unavailable("could not reach vnetd at " + server_ + " (" +
                                 httplib::to_string(res.error()) +
                                 "); is it running? Set --server or VNET_SERVER.");
    }
    HttpResponse out;
    out.status = res->status;
    out.body = res->body;
    for (const auto& [name, value] : res->headers) out.headers[AsciiLower(name)] = value;
    return out;
  }

 private:
  std::string server_;
  httplib::Client client_;
};

}  // namespace

Result<std::unique_ptr<HttpClient>> NewHttplibClient(std::string_view server) {
  std::string url(Trim(server));
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!StartsWithIgnoreCase(url, "http://") && !StartsWithIgnoreCase(url, "https://")) {
    return Status::InvalidArgument(
        "UsageError", "--server must be an http:// or https:// URL, got '" + url + "'");
  }
  std::unique_ptr<HttpClient> client = std::make_unique<HttplibClient>(url);
  return client;
}

}  // namespace vnet::cli
