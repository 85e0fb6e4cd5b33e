// ArmClient implementation. Long-running operations are polled at the server's Retry-After (at
// most 5 s, at most 120 polls); vnetd normally answers synchronously so no poll ever happens.
#include "cli/internal/arm_client.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "base/strings.h"
#include "cli/internal/api_version.h"
#include "cli/internal/resource_paths.h"

namespace vnet::cli {
namespace {

constexpr int kMaxPolls = 120;

bool IsUnreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-._~/@:!$&'()*+,;=").find(c) != std::string_view::npos;
}

std::string EncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    if (IsUnreserved(c)) {
      out += c;
    } else {
      const auto b = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
    }
  }
  return out;
}

// "https://host:port/a/b?c" -> "/a/b?c"; a relative target stays as it is.
std::string StripOrigin(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const size_t path = url.find('/', scheme + 3);
  return path == std::string_view::npos ? "/" : std::string(url.substr(path));
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "BadRequest";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    case 405:
      return "MethodNotAllowed";
    case 409:
      return "Conflict";
    case 412:
      return "PreconditionFailed";
    case 429:
      return "TooManyRequests";
    case 501:
      return "NotImplemented";
    case 503:
      return "ServiceUnavailable";
    default:
      return status >= 500 ? "InternalServerError" : "HttpError";
  }
}

StatusCode CodeForHttp(int status) {
  switch (status) {
    case 400:
      return StatusCode::kInvalidArgument;
    case 404:
      return StatusCode::kNotFound;
    case 409:
      return StatusCode::kFailedPrecondition;
    case 412:
      return StatusCode::kPreconditionFailed;
    case 503:
      return StatusCode::kUnavailable;
    default:
      return status >= 500 ? StatusCode::kInternal : StatusCode::kInvalidArgument;
  }
}

Json ParseBody(const std::string& body) {
  if (Trim(body).empty()) return nullptr;
  Json parsed = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  return parsed.is_discarded() ? Json(body) : parsed;
}

// Invalid UTF-8 from a user's argument is replaced (U+FFFD), not thrown.
std::string Serialize(const Json& body) {
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Status StatusFromError(const Json& error, StatusCode code) {
  std::string reason = error.value("code", "");
  std::string message = error.value("message", "");
  if (reason.empty()) reason = "Failed";
  return Status(code, std::move(reason), std::move(message));
}

}  // namespace

Status StatusFromResponse(const HttpResponse& response) {
  const StatusCode code = CodeForHttp(response.status);
  const Json body = ParseBody(response.body);
  if (body.is_object()) {
    if (body.contains("error") && body["error"].is_object()) {
      return StatusFromError(body["error"], code);
    }
    if (body.contains("code") && body["code"].is_string()) return StatusFromError(body, code);
  }
  std::string message = "Operation returned an invalid status " + std::to_string(response.status);
  if (body.is_string() && !body.get<std::string>().empty()) {
    message += ": " + body.get<std::string>();
  }
  return Status(code, std::string(ReasonPhrase(response.status)), std::move(message));
}

std::string ArmClient::Target(std::string_view path) {
  const size_t q = path.find('?');
  const std::string_view bare = path.substr(0, q);
  std::string target = EncodePath(bare);
  std::string query = q == std::string_view::npos ? "" : std::string(path.substr(q + 1));
  if (query.find("api-version=") == std::string::npos) {
    const std::string version(ApiVersionForType(FullTypeOfPath(bare)));
    query = query.empty() ? "api-version=" + version : query + "&api-version=" + version;
  }
  return target + "?" + query;
}

Result<HttpResponse> ArmClient::Send(std::string_view method, const std::string& target,
                                     const std::string& body, const Headers& headers) {
  HttpRequest request{std::string(method), target, body, headers};
  if (debug_) {
    debug_out_ << "DEBUG: Request: " << request.method << " " << server_ << target << "\n";
    for (const auto& [name, value] : headers)
      debug_out_ << "DEBUG:   " << name << ": " << value << "\n";
    if (!body.empty()) debug_out_ << "DEBUG: Request body: " << body << "\n";
  }
  Result<HttpResponse> response = http_.Send(request);
  if (debug_ && response.ok()) {
    debug_out_ << "DEBUG: Response status: " << response->status << "\n";
    if (!response->body.empty()) debug_out_ << "DEBUG: Response body: " << response->body << "\n";
  }
  return response;
}

Result<Json> ArmClient::Get(std::string_view path) {
  VNET_ASSIGN_OR_RETURN(HttpResponse response, Send("GET", Target(path), "", {}));
  if (response.status >= 300) return StatusFromResponse(response);
  return ParseBody(response.body);
}

Result<Json> ArmClient::Write(std::string_view method, std::string_view path, const Json& body,
                              const Headers& headers) {
  VNET_ASSIGN_OR_RETURN(HttpResponse response,
                        Send(method, Target(path), Serialize(body), headers));
  if (response.status >= 300) return StatusFromResponse(response);
  const bool long_running = (response.status == 201 || response.status == 202) &&
                            (response.headers.count("azure-asyncoperation") > 0 ||
                             response.headers.count("location") > 0);
  VNET_ASSIGN_OR_RETURN(Json result, Await(response));
  if (!long_running && result.is_object() && !result.empty()) return result;
  return Get(path);
}

Result<Json> ArmClient::Put(std::string_view path, const Json& body, const Headers& headers) {
  return Write("PUT", path, body, headers);
}

Result<Json> ArmClient::Patch(std::string_view path, const Json& body, const Headers& headers) {
  return Write("PATCH", path, body, headers);
}

Result<Json> ArmClient::Post(std::string_view path, const Json& body) {
  VNET_ASSIGN_OR_RETURN(HttpResponse response, Send("POST", Target(path), Serialize(body), {}));
  if (response.status >= 300) return StatusFromResponse(response);
  return Await(response);
}

Status ArmClient::Delete(std::string_view path) {
  Result<HttpResponse> response = Send("DELETE", Target(path), "", {});
  if (!response.ok()) return response.status();
  if (response->status == 404) return Status();
  if (response->status >= 300) return StatusFromResponse(*response);
  Result<Json> done = Await(*response);
  return done.ok() ? Status() : done.status();
}

Result<Json> ArmClient::List(std::string_view path) {
  Json all = Json::array();
  std::string target = Target(path);
  for (int page = 0; page < 1000 && !target.empty(); ++page) {
    VNET_ASSIGN_OR_RETURN(HttpResponse response, Send("GET", target, "", {}));
    if (response.status >= 300) return StatusFromResponse(response);
    const Json body = ParseBody(response.body);
    if (body.is_array()) return body;
    if (!body.is_object()) break;
    if (body.contains("value") && body["value"].is_array()) {
      for (const Json& item : body["value"]) all.push_back(item);
    }
    target = body.contains("nextLink") && body["nextLink"].is_string()
                 ? StripOrigin(body["nextLink"].get<std::string>())
                 : "";
  }
  return all;
}

Result<Json> ArmClient::Raw(std::string_view method, std::string_view target,
                            const std::string& body) {
  const std::string upper = [&] {
    std::string m(method);
    for (char& c : m) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return m;
  }();
  VNET_ASSIGN_OR_RETURN(HttpResponse response, Send(upper, Target(StripOrigin(target)), body, {}));
  if (response.status >= 300) return StatusFromResponse(response);
  return ParseBody(response.body);
}

Result<Json> ArmClient::Await(const HttpResponse& first) {
  const Json first_body = ParseBody(first.body);
  if (first.status != 201 && first.status != 202) return first_body;
  auto header = [&](const char* name) -> std::string {
    auto it = first.headers.find(name);
    return it == first.headers.end() ? "" : it->second;
  };
  const std::string async_op = header("azure-asyncoperation");
  const std::string location = header("location");
  if (async_op.empty() && (location.empty() || first.status != 202)) return first_body;
  int delay = 1;
  if (const std::string retry = header("retry-after"); !retry.empty()) {
    delay = std::clamp(std::atoi(retry.c_str()), 0, 5);
  }
  const std::string target = StripOrigin(async_op.empty() ? location : async_op);
  for (int poll = 0; poll < kMaxPolls; ++poll) {
    if (poll > 0) std::this_thread::sleep_for(std::chrono::seconds(delay));
    VNET_ASSIGN_OR_RETURN(HttpResponse response, Send("GET", target, "", {}));
    if (response.status >= 300) return StatusFromResponse(response);
    const Json body = ParseBody(response.body);
    if (async_op.empty()) {
      if (response.status == 202) continue;
      return body;
    }
    const std::string status = body.is_object() ? body.value("status", "") : "";
    if (EqualsIgnoreCase(status, "Succeeded")) return first_body;
    if (EqualsIgnoreCase(status, "Failed") || EqualsIgnoreCase(status, "Canceled")) {
      if (body.contains("error") && body["error"].is_object()) {
        return StatusFromError(body["error"], StatusCode::kFailedPrecondition);
      }
      return Status::FailedPrecondition("OperationFailed", "the operation ended " + status);
    }
  }
  return Status::Unavailable("the long-running operation did not finish in time");
}

}  // namespace vnet::cli
