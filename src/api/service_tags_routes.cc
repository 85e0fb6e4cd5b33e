// The serviceTags discovery route. The body is large (the whole catalogue), so the list of
// values is serialized once and shared; each answer only wraps it with the subscription's id.
#include "api/service_tags_routes.h"

#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "api/arm_router.h"
#include "arm/api_versions.h"
#include "base/strings.h"
#include "compile/service_tags.h"

namespace vnet::api {

namespace {

using Json = nlohmann::json;

class ServiceTagsRoutes : public RouteExtension {
 public:
  std::optional<HttpResponse> Handle(const HttpRequest& request) const override {
    // /subscriptions/{sub}/providers/Microsoft.Network/locations/{location}/serviceTags
    std::vector<std::string_view> parts = Split(std::string_view(request.path).substr(1), '/');
    if (parts.size() != 7 || !EqualsIgnoreCase(parts[0], "subscriptions") ||
        !EqualsIgnoreCase(parts[2], "providers") ||
        !EqualsIgnoreCase(parts[3], "Microsoft.Network") ||
        !EqualsIgnoreCase(parts[4], "locations") || !EqualsIgnoreCase(parts[6], "serviceTags"))
      return std::nullopt;
    if (request.method != "GET") {
      return ErrorResponse(Status::InvalidArgument(
          "MethodNotAllowed", "The collection '" + request.path + "' accepts only GET."));
    }
    auto version = request.query.find("api-version");
    Status ok = arm::CheckApiVersion("Microsoft.Network/virtualNetworks",
                                     version == request.query.end() ? "" : version->second);
    if (!ok.ok()) return ErrorResponse(ok);
    auto tags = compile::ServiceTagCatalogue::Default();
    if (!tags.ok()) return ErrorResponse(Status::Internal(tags.status().message()));
    std::string location = AsciiLower(parts[5]);
    const Cached& cached = Values(**tags);
    if (!cached.regions.count(location)) {
      // Inferred (docs/service-tags.md): ARM's answer for a region the provider does not serve.
      return ErrorResponse(Status::InvalidArgument(
          "LocationNotAvailableForResourceType",
          "The provided location '" + std::string(parts[5]) +
              "' is not available for resource type 'Microsoft.Network/locations/serviceTags'."));
    }
    std::string sub(parts[1]);
    Json head{{"name", (*tags)->cloud()},
              {"id", "/subscriptions/" + sub + "/providers/Microsoft.Network/serviceTags/" +
                         (*tags)->cloud()},
              {"type", "Microsoft.Network/serviceTags"},
              {"changeNumber", std::to_string((*tags)->change_number())},
              {"cloud", (*tags)->cloud()}};
    std::string body = head.dump();
    body.pop_back();  // reopen the object to append the shared values
    body += ",\"values\":" + cached.values + "}";
    HttpResponse r;
    r.status = 200;
    r.headers["Content-Type"] = "application/json; charset=utf-8";
    r.body = std::move(body);
    return r;
  }

 private:
  struct Cached {
    std::string values;             // the JSON array of NSG-usable tags
    std::set<std::string> regions;  // regions the catalogue names
  };
  // The values every location answers (the catalogue is global; Azure's API answers the same
  // list for each region), serialized once.
  static const Cached& Values(const compile::ServiceTagCatalogue& tags) {
    static std::once_flag once;
    static Cached* cached = nullptr;
    std::call_once(once, [&] {
      cached = new Cached;
      Json values = Json::array();
      for (const compile::ServiceTag& t : tags.tags()) {
        if (!t.region.empty()) cached->regions.insert(t.region);
        bool nsg = false;
        for (const std::string& f : t.network_features) nsg |= f == "NSG";
        if (!nsg) continue;
        Json prefixes = Json::array();
        for (const net::Cidr& c : t.prefixes) prefixes.push_back(c.ToString());
        values.push_back(Json{{"name", t.name},
                              {"id", t.name},
                              {"serviceTagChangeNumber", std::to_string(t.change_number)},
                              {"properties",
                               {{"changeNumber", std::to_string(t.change_number)},
                                {"region", t.region},
                                {"state", "GA"},
                                {"systemService", t.system_service},
                                {"addressPrefixes", prefixes},
                                {"networkFeatures", t.network_features}}}});
      }
      cached->values = values.dump();
    });
    return *cached;
  }
};

}  // namespace

std::shared_ptr<const RouteExtension> MakeServiceTagsRoutes(control::ResourceManager&) {
  return std::make_shared<ServiceTagsRoutes>();
}

}  // namespace vnet::api
