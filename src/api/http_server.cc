// cpp-httplib adapter: converts httplib requests to HttpRequest and back. Exceptions are a bug;
// they are caught here (the API boundary) and answered with 500.
#include "api/http_server.h"

#include <httplib.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "api/arm_router.h"
#include "api/diagnostics_routes.h"
#include "api/dns_routes.h"
#include "api/service_tags_routes.h"
#include "base/strings.h"

namespace vnet::api {

struct HttpServer::Impl {
  explicit Impl(control::ResourceManager& manager)
      : rm(manager), router(manager), state(std::make_shared<DiagnosticsState>(manager)) {}
  control::ResourceManager& rm;
  ArmRouter router;
  std::shared_ptr<const DiagnosticsState> state;
  httplib::Server server;
};

namespace {

void Send(const HttpResponse& out, httplib::Response& res) {
  res.status = out.status;
  for (const auto& [k, v] : out.headers) {
    if (!EqualsIgnoreCase(k, "Content-Type")) res.set_header(k, v);
  }
  if (!out.body.empty()) res.set_content(out.body, "application/json; charset=utf-8");
}

}  // namespace

HttpServer::HttpServer(control::ResourceManager& rm) : impl_(std::make_unique<Impl>(rm)) {
  httplib::Server& s = impl_->server;
  s.set_payload_max_length(16 * 1024 * 1024);
  s.set_tcp_nodelay(true);  // small JSON replies: no Nagle delay
  // httplib closes a keep-alive connection after 5 requests by default, so a busy client would
  // pay a new TCP connection and a thread hand-off every fifth request.
  s.set_keep_alive_max_count(100000);
  AddExtension(MakeServiceTagsRoutes(rm));
  AddExtension(MakeDiagnosticsRoutes(impl_->state));
  AddExtension(MakeDnsRoutes(impl_->state));
  s.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    nlohmann::json body{{"status", "ok"},
                        {"revision", impl_->rm.revision()},
                        {"resources", impl_->rm.resource_count()}};
    res.set_content(body.dump(), "application/json");
  });
  auto arm = [this](const httplib::Request& req, httplib::Response& res) {
    HttpRequest in;
    in.method = req.method;
    in.path = req.path;
    for (const auto& [k, v] : req.params) in.query.emplace(k, v);
    for (const auto& [k, v] : req.headers) in.headers.emplace(AsciiLower(k), v);
    in.body = req.body;
    try {
      Send(impl_->router.Handle(in), res);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "vnetd: internal error on %s %s: %s\n", req.method.c_str(),
                   req.path.c_str(), e.what());
      Send(ErrorResponse(Status::Internal("internal error; see the vnetd log")), res);
    }
  };
  // ARM paths are routed by ArmRouter itself. Bodiless GETs are taken before httplib's regex
  // routing, which saves a std::regex match on the hottest path; httplib reads request bodies only
  // after that point, so the other methods keep their routes.
  s.set_pre_routing_handler([arm](const httplib::Request& req, httplib::Response& res) {
    if (req.method != "GET" || req.path.rfind("/subscriptions/", 0) != 0)
      return httplib::Server::HandlerResponse::Unhandled;
    arm(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  const char* pattern = "/subscriptions/.*";
  s.Put(pattern, arm);
  s.Patch(pattern, arm);
  s.Delete(pattern, arm);
  s.Post(pattern, arm);
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    Status error = res.status == 404
                       ? Status::NotFound("InvalidResourceType", "No route for '" + req.path + "'.")
                       : Status(StatusCode::kInvalidArgument, "BadRequest",
                                "HTTP " + std::to_string(res.status));
    res.set_content(ErrorBody(error), "application/json; charset=utf-8");
  });
}

HttpServer::~HttpServer() = default;

void HttpServer::AddExtension(std::shared_ptr<const RouteExtension> extension) {
  impl_->router.AddExtension(std::move(extension));
}

Result<int> HttpServer::Bind(const std::string& host, int port) {
  int bound = port == 0 ? impl_->server.bind_to_any_port(host) : port;
  if (port != 0 && !impl_->server.bind_to_port(host, port)) bound = -1;
  if (bound <= 0) {
    return Status::Unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                               " (address in use or not local?)");
  }
  return bound;
}

Status HttpServer::Serve() {
  if (!impl_->server.listen_after_bind()) return Status::Unavailable("HTTP server stopped");
  return {};
}

void HttpServer::Stop() { impl_->server.stop(); }

std::shared_ptr<const DiagnosticsState> HttpServer::state() const { return impl_->state; }

}  // namespace vnet::api
