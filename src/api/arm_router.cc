// ARM path routing: resource vs collection, subscription vs group scope, api-version checks.
#include "api/arm_router.h"

#include <nlohmann/json.hpp>

#include "arm/api_versions.h"
#include "base/strings.h"
#include "model/resource_types.h"

namespace vnet::api {

namespace {

using Json = nlohmann::json;

const char* const kRecordTypes[] = {"A", "AAAA", "CNAME", "MX", "PTR", "SOA", "SRV", "TXT"};

Json ErrorJson(const Status& s) {
  Json e{{"code", s.reason()}, {"message", s.message()}};
  if (!s.target().empty()) e["target"] = s.target();
  if (!s.details().empty()) {
    Json details = Json::array();
    for (const Status& d : s.details()) details.push_back(ErrorJson(d));
    e["details"] = details;
  }
  return e;
}

// What an ARM path names.
struct Target {
  enum Kind { kResource, kCollection } kind = kResource;
  arm::ResourceId id;     // the resource, or the scope of the collection
  std::string list_type;  // full type listed (collections)
};

Status NotFoundPath(const std::string& path) {
  return Status::NotFound("InvalidResourceType", "No route for '" + path + "'.");
}

Result<Target> ParsePath(const std::string& path) {
  std::string_view p = path;
  while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  std::vector<std::string_view> parts = Split(p.substr(1), '/');
  if (parts.size() < 2 || !EqualsIgnoreCase(parts[0], "subscriptions")) return NotFoundPath(path);
  Target t;
  // /subscriptions/{s}/resourcegroups
  if (parts.size() == 3 && EqualsIgnoreCase(parts[2], "resourceGroups")) {
    t.kind = Target::kCollection;
    VNET_ASSIGN_OR_RETURN(t.id, arm::ResourceId::Parse("/subscriptions/" + std::string(parts[1])));
    t.list_type = "Microsoft.Resources/resourceGroups";
    return t;
  }
  size_t providers = 0;
  for (size_t i = 2; i < parts.size(); ++i) {
    if (EqualsIgnoreCase(parts[i], "providers")) {
      providers = i;
      break;
    }
  }
  if (providers == 0) {
    VNET_ASSIGN_OR_RETURN(t.id, arm::ResourceId::Parse(std::string(p)));
    return t;
  }
  size_t after = parts.size() - (providers + 2);  // type/name segments after the namespace
  if (providers + 2 > parts.size() || after == 0) return NotFoundPath(path);
  if (after % 2 == 0) {
    VNET_ASSIGN_OR_RETURN(t.id, arm::ResourceId::Parse(std::string(p)));
    return t;
  }
  // A collection: everything but the last segment is the scope.
  t.kind = Target::kCollection;
  std::string scope;
  for (size_t i = 0; i + 1 < parts.size(); ++i) scope += "/" + std::string(parts[i]);
  std::string ns(parts[providers + 1]);
  std::string type_path = ns;
  for (size_t i = providers + 2; i < parts.size(); i += 2) type_path += "/" + std::string(parts[i]);
  t.list_type = type_path;
  if (after == 1) {
    // /subscriptions/{s}[/resourceGroups/{rg}]/providers/{ns}/{type}
    std::string scope_only;
    for (size_t i = 0; i < providers; ++i) scope_only += "/" + std::string(parts[i]);
    VNET_ASSIGN_OR_RETURN(t.id, arm::ResourceId::Parse(scope_only));
  } else {
    VNET_ASSIGN_OR_RETURN(t.id, arm::ResourceId::Parse(scope));
  }
  return t;
}

std::string Header(const HttpRequest& r, const char* name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

HttpResponse FromReply(const Result<control::Reply>& reply) {
  if (!reply.ok()) return ErrorResponse(reply.status());
  HttpResponse r = JsonResponse(reply->http_status, reply->body);
  if (reply->text) r.body = *reply->text;
  if (!reply->etag.empty()) r.headers["ETag"] = reply->etag;
  if (reply->revision > 0) r.headers["x-vnetd-revision"] = std::to_string(reply->revision);
  return r;
}

}  // namespace

HttpResponse JsonResponse(int status, const Json& body) {
  HttpResponse r;
  r.status = status;
  r.headers["Content-Type"] = "application/json; charset=utf-8";
  r.body = body.is_null() ? "" : body.dump();
  return r;
}

void ArmRouter::AddExtension(std::shared_ptr<const RouteExtension> extension) {
  extensions_.push_back(std::move(extension));
}

std::string ErrorBody(const Status& status) { return Json{{"error", ErrorJson(status)}}.dump(); }

HttpResponse ErrorResponse(const Status& status) {
  HttpResponse r;
  r.status = HttpStatusOf(status.code());
  r.headers["Content-Type"] = "application/json; charset=utf-8";
  r.headers["x-ms-failure-cause"] = "gateway";
  r.body = ErrorBody(status);
  return r;
}

HttpResponse ArmRouter::Handle(const HttpRequest& request) const {
  for (const auto& extension : extensions_) {
    if (std::optional<HttpResponse> answered = extension->Handle(request)) return *answered;
  }
  Result<Target> target = ParsePath(request.path);
  if (!target.ok()) {
    Status s = target.status();
    if (s.code() == StatusCode::kInvalidArgument) s = NotFoundPath(request.path);
    return ErrorResponse(s);
  }
  auto version = request.query.find("api-version");
  std::string api_version = version == request.query.end() ? "" : version->second;
  std::string type_for_version =
      target->kind == Target::kCollection ? target->list_type : target->id.FullType();
  if (EqualsIgnoreCase(model::ShortTypeName(type_for_version), "ALL"))
    type_for_version = "Microsoft.Network/privateDnsZones/A";
  if (target->kind == Target::kCollection && !model::FindResourceType(type_for_version) &&
      target->id.is_resource())
    type_for_version = target->id.FullType();  // an operation: its resource's versions
  Status version_ok = arm::CheckApiVersion(type_for_version, api_version);
  if (!version_ok.ok()) return ErrorResponse(version_ok);

  control::Preconditions pre{Header(request, "if-match"), Header(request, "if-none-match")};
  const std::string& m = request.method;
  if (target->kind == Target::kCollection) {
    bool operation = !model::FindResourceType(target->list_type) && target->id.is_resource();
    if (m != "GET" && !(m == "POST" && operation)) {
      return ErrorResponse(Status::InvalidArgument(
          "MethodNotAllowed", "The collection '" + request.path + "' accepts only GET."));
    }
    if (EqualsIgnoreCase(model::ShortTypeName(target->list_type), "ALL")) {
      Json all = Json::array();
      for (const char* type : kRecordTypes) {
        Result<control::Reply> part =
            rm_.List(target->id, "Microsoft.Network/privateDnsZones/" + std::string(type));
        if (!part.ok()) return ErrorResponse(part.status());
        for (const Json& v : part->body["value"]) all.push_back(v);
      }
      return JsonResponse(200, Json{{"value", all}});
    }
    // A last segment that is no resource type names an operation on the resource before it.
    if (!model::FindResourceType(target->list_type) && target->id.is_resource()) {
      return FromReply(
          rm_.Operation(target->id, model::ShortTypeName(target->list_type), request.query));
    }
    return FromReply(rm_.List(target->id, target->list_type));
  }
  const arm::ResourceId& id = target->id;
  if (id.is_subscription()) {
    if (m != "GET") return ErrorResponse(NotFoundPath(request.path));
    return JsonResponse(200, Json{{"id", id.ToString()},
                                  {"subscriptionId", id.subscription()},
                                  {"displayName", "vnetd subscription " + id.subscription()},
                                  {"state", "Enabled"}});
  }
  if (m == "GET") return FromReply(rm_.GetSerialized(id));
  if (m == "PUT") return FromReply(rm_.Put(id, request.body, pre));
  if (m == "PATCH") return FromReply(rm_.Patch(id, request.body, pre));
  if (m == "DELETE") return FromReply(rm_.Delete(id, pre));
  return ErrorResponse(Status::InvalidArgument(
      "MethodNotAllowed", "The method '" + m + "' is not supported on '" + request.path + "'."));
}

}  // namespace vnet::api
