// Routing of the diagnostics POSTs: path shape and operation name (case-insensitive, as ARM),
// api-version, JSON body; then the handler over the current revision's compiled network.
#include "api/diagnostics_routes.h"

#include "api/arm_router.h"
#include "api/diagnostics_internal.h"
#include "arm/api_versions.h"
#include "base/strings.h"

namespace vnet::api {

namespace {

using diag::Json;
using Handler = Result<Json> (*)(const diag::Call&);

struct Operation {
  const char* type;  // the collection the operation hangs off ("" at subscription scope)
  const char* name;
  Handler handler;
  bool needs_body;
};

constexpr Operation kOperations[] = {
    {"networkInterfaces", "effectiveRouteTable", diag::EffectiveRouteTable, false},
    {"networkInterfaces", "effectiveNetworkSecurityGroups", diag::EffectiveNetworkSecurityGroups,
     false},
    {"networkWatchers", "ipFlowVerify", diag::IpFlowVerify, true},
    {"networkWatchers", "nextHop", diag::NextHop, true},
    {"networkWatchers", "connectivityCheck", diag::ConnectivityCheck, true},
    {"", "evaluateFlow", diag::EvaluateFlow, true},
    {"analyze", "whoCanReach", diag::WhoCanReach, true},
    {"analyze", "exfiltration", diag::Exfiltration, true},
};

// The operation a path names, and the id it applies to (the NIC or watcher; the subscription).
const Operation* Match(const std::string& path, std::string* target) {
  std::string_view p = path;
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  if (p.empty() || p[0] != '/') return nullptr;
  std::vector<std::string_view> s = Split(p.substr(1), '/');
  auto is = [&](size_t i, std::string_view word) {
    return i < s.size() && EqualsIgnoreCase(s[i], word);
  };
  if (!is(0, "subscriptions")) return nullptr;
  for (const Operation& op : kOperations) {
    std::string_view type = op.type;
    bool group_scope = type == "networkInterfaces" || type == "networkWatchers";
    if (group_scope && s.size() == 9 && is(2, "resourceGroups") && is(4, "providers") &&
        is(5, "Microsoft.Network") && is(6, type) && is(8, op.name)) {
      *target = "/" + std::string(p.substr(1, p.size() - 1 - s[8].size() - 1));
      return &op;
    }
    bool sub_scope = is(2, "providers") && is(3, "Microsoft.Network");
    if (!group_scope && sub_scope &&
        ((type.empty() && s.size() == 5 && is(4, op.name)) ||
         (!type.empty() && s.size() == 6 && is(4, type) && is(5, op.name)))) {
      *target = "/subscriptions/" + std::string(s[1]);
      return &op;
    }
  }
  return nullptr;
}

class DiagnosticsRoutes : public RouteExtension {
 public:
  explicit DiagnosticsRoutes(std::shared_ptr<const DiagnosticsState> state)
      : state_(std::move(state)) {}

  std::optional<HttpResponse> Handle(const HttpRequest& request) const override {
    std::string target;
    const Operation* op = Match(request.path, &target);
    if (!op || request.method != "POST") return std::nullopt;
    auto version = request.query.find("api-version");
    std::string type = std::string("Microsoft.Network/") +
                       (std::string_view(op->type) == "networkInterfaces" ? "networkInterfaces"
                                                                          : "networkWatchers");
    Status version_ok =
        arm::CheckApiVersion(type, version == request.query.end() ? "" : version->second);
    if (!version_ok.ok()) return ErrorResponse(version_ok);
    diag::Call call;
    call.target_id = target;
    call.body = Json::object();
    if (!request.body.empty()) {
      call.body = Json::parse(request.body, nullptr, false);
      if (call.body.is_discarded() || !call.body.is_object()) {
        return ErrorResponse(
            diag::BadRequest("The request content was invalid and could not be "
                             "deserialized: a JSON object is expected."));
      }
    } else if (op->needs_body) {
      return ErrorResponse(diag::BadRequest("The request body is missing."));
    }
    Result<std::shared_ptr<const DiagnosticsView>> view = state_->Current();
    if (!view.ok()) return ErrorResponse(view.status());
    call.view = *view;
    Result<Json> answer = op->handler(call);
    if (!answer.ok()) return ErrorResponse(answer.status());
    HttpResponse r = JsonResponse(200, *answer);
    r.headers["x-vnetd-revision"] = std::to_string(call.view->snapshot.revision);
    return r;
  }

 private:
  std::shared_ptr<const DiagnosticsState> state_;
};

}  // namespace

std::shared_ptr<const RouteExtension> MakeDiagnosticsRoutes(
    std::shared_ptr<const DiagnosticsState> state) {
  return std::make_shared<DiagnosticsRoutes>(std::move(state));
}

std::shared_ptr<const RouteExtension> MakeDiagnosticsRoutes(control::ResourceManager& rm) {
  return MakeDiagnosticsRoutes(std::make_shared<DiagnosticsState>(rm));
}

}  // namespace vnet::api
