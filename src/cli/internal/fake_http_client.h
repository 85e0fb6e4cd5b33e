// Test support: an HttpClient that records every request and answers from canned responses, so
// command tests check the exact requests the CLI sends without a server. Header-only; tests only.
#pragma once
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/strings.h"
#include "cli/http_client.h"
#include "cli/main.h"

namespace vnet::cli {

class FakeHttpClient : public HttpClient {
 public:
  // Queues `response` for the next "<METHOD> <path>" request (path without query, as sent).
  void Expect(const std::string& method, const std::string& path, int status, std::string body) {
    canned_[method + " " + path].push_back(HttpResponse{status, std::move(body), {}});
  }
  // As Expect(), with response headers (names lower-case), e.g. Azure-AsyncOperation.
  void ExpectResponse(const std::string& method, const std::string& path, HttpResponse response) {
    canned_[method + " " + path].push_back(std::move(response));
  }
  // Every GET of a resource group answers {"location": location}.
  void SetGroupLocation(std::string location) { group_location_ = std::move(location); }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    requests_.push_back(request);
    const std::string path = request.target.substr(0, request.target.find('?'));
    auto it = canned_.find(request.method + " " + path);
    if (it != canned_.end() && !it->second.empty()) {
      HttpResponse r = it->second.front();
      it->second.pop_front();
      return r;
    }
    if (request.method == "GET" && IsGroupPath(path)) {
      return HttpResponse{200, "{\"location\":\"" + group_location_ + "\"}", {}};
    }
    if (request.method == "PUT" || request.method == "PATCH") {
      return HttpResponse{200, request.body.empty() ? "{}" : request.body, {}};
    }
    if (request.method == "DELETE") return HttpResponse{200, "", {}};
    return HttpResponse{404, R"({"error":{"code":"ResourceNotFound","message":"not found"}})", {}};
  }

  const std::vector<HttpRequest>& requests() const { return requests_; }
  // The requests other than GETs: what a command changed.
  std::vector<HttpRequest> writes() const {
    std::vector<HttpRequest> out;
    for (const HttpRequest& r : requests_) {
      if (r.method != "GET") out.push_back(r);
    }
    return out;
  }

  // A factory for Run() that hands out proxies to this client.
  HttpClientFactory Factory() {
    return [this](std::string_view) -> Result<std::unique_ptr<HttpClient>> {
      std::unique_ptr<HttpClient> proxy = std::make_unique<Proxy>(*this);
      return proxy;
    };
  }

 private:
  class Proxy : public HttpClient {
   public:
    explicit Proxy(FakeHttpClient& target) : target_(target) {}
    Result<HttpResponse> Send(const HttpRequest& request) override { return target_.Send(request); }

   private:
    FakeHttpClient& target_;
  };

  static bool IsGroupPath(const std::string& path) {
    const std::vector<std::string_view> segs = Split(path, '/');
    // "", "subscriptions", sub, "resourcegroups", rg
    return segs.size() == 5 && EqualsIgnoreCase(segs[3], "resourcegroups");
  }

  std::map<std::string, std::deque<HttpResponse>> canned_;
  std::vector<HttpRequest> requests_;
  std::string group_location_ = "westus";
};

}  // namespace vnet::cli
