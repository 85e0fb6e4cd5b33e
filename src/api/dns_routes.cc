// POST .../virtualNetworks/{vnet}/resolveDnsName and .../providers/Microsoft.Network/
// resolveDnsName: a name resolved as the VNet's VMs (or the internet) would see it, with the
// chain record by record and which zone answered. vnetd's own operations (docs/dns.md).
#include "api/dns_routes.h"

#include "api/arm_router.h"
#include "api/dns_json.h"
#include "arm/api_versions.h"
#include "base/strings.h"

namespace vnet::api {

namespace {

using Json = nlohmann::json;

Status BadRequest(std::string message) {
  return Status::InvalidArgument("InvalidRequestFormat", std::move(message));
}

class DnsRoutes : public RouteExtension {
 public:
  explicit DnsRoutes(std::shared_ptr<const DiagnosticsState> state) : state_(std::move(state)) {}

  std::optional<HttpResponse> Handle(const HttpRequest& request) const override {
    std::string_view p = request.path;
    while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
    if (p.empty() || p[0] != '/') return std::nullopt;
    std::vector<std::string_view> s = Split(p.substr(1), '/');
    auto is = [&](size_t i, std::string_view w) {
      return i < s.size() && EqualsIgnoreCase(s[i], w);
    };
    std::string vnet_id;
    bool internet = false;
    if (s.size() == 9 && is(0, "subscriptions") && is(2, "resourceGroups") && is(4, "providers") &&
        is(5, "Microsoft.Network") && is(6, "virtualNetworks") && is(8, "resolveDnsName")) {
      vnet_id = "/" + std::string(p.substr(1, p.size() - 1 - s[8].size() - 1));
    } else if (s.size() == 5 && is(0, "subscriptions") && is(2, "providers") &&
               is(3, "Microsoft.Network") && is(4, "resolveDnsName")) {
      internet = true;
    } else {
      return std::nullopt;
    }
    if (request.method != "POST") return std::nullopt;
    auto version = request.query.find("api-version");
    Status version_ok = arm::CheckApiVersion(
        "Microsoft.Network/virtualNetworks",
        version == request.query.end() ? "" : std::string_view(version->second));
    if (!version_ok.ok()) return ErrorResponse(version_ok);
    Result<Json> answer = Answer(request.body, internet, vnet_id);
    if (!answer.ok()) return ErrorResponse(answer.status());
    return JsonResponse(200, *answer);
  }

 private:
  Result<Json> Answer(const std::string& body_text, bool internet,
                      const std::string& vnet_id) const {
    Json body = body_text.empty() ? Json::object() : Json::parse(body_text, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      return BadRequest(
          "The request content was invalid and could not be deserialized: a JSON object is "
          "expected.");
    }
    auto name_it = body.find("name");
    if (name_it == body.end() || !name_it->is_string() || name_it->get<std::string>().empty()) {
      return BadRequest("The request is missing the required property 'name'.");
    }
    const std::string name = name_it->get<std::string>();
    compile::RrType type = compile::RrType::kA;
    if (auto t = body.find("recordType"); t != body.end()) {
      Result<compile::RrType> parsed =
          t->is_string() ? compile::ParseRrType(t->get<std::string>())
                         : Result<compile::RrType>(Status::InvalidArgument("", ""));
      if (!parsed.ok()) {
        return BadRequest(
            "The recordType must be one of A, AAAA, CNAME, MX, NS, PTR, SOA, SRV, TXT, ANY.");
      }
      type = *parsed;
    }
    std::shared_ptr<const compile::DnsView> view = state_->CurrentDns();
    if (!view) return Status::Internal("the DNS view could not be built");
    dns::Viewpoint from = dns::Viewpoint::Internet();
    if (!internet) {
      const compile::Topology& t = *view->topology;
      compile::Index v = t.Find(vnet_id);
      if (v == compile::kNoIndex || v >= t.vnets.size() ||
          !EqualsIgnoreCase(t.vnets[v].id, vnet_id)) {
        Result<arm::ResourceId> id = arm::ResourceId::Parse(vnet_id);
        return Status::NotFound("ResourceNotFound",
                                "The Resource 'Microsoft.Network/virtualNetworks/" +
                                    (id.ok() ? id->name() : "") + "' under resource group '" +
                                    (id.ok() ? id->resource_group() : "") + "' was not found.");
      }
      from = dns::Viewpoint::Vnet(v);
    }
    dns::Resolution r = dns::Resolve(*view, from, name, type);
    if (r.rcode == dns::Rcode::kFormErr) {
      return Status::InvalidArgument("InvalidDnsName", r.error);
    }
    return ResolutionJson(r, *view, from, name, type);
  }

  std::shared_ptr<const DiagnosticsState> state_;
};

}  // namespace

std::shared_ptr<const RouteExtension> MakeDnsRoutes(std::shared_ptr<const DiagnosticsState> state) {
  return std::make_shared<DnsRoutes>(std::move(state));
}

}  // namespace vnet::api
