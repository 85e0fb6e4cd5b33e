// Parsing of Microsoft's service tag file, and name lookups (case-insensitive, by binary search).
#include "compile/service_tags.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/strings.h"

namespace vnet::compile {

namespace {

using Json = nlohmann::json;

Status Bad(const std::string& what) {
  return Status::InvalidArgument("InvalidServiceTagFile", "service tag file: " + what);
}

}  // namespace

Result<std::shared_ptr<const ServiceTagCatalogue>> ServiceTagCatalogue::Parse(
    std::string_view json_text) {
  Json j = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Bad("not a JSON object");
  auto it = j.find("values");
  if (it == j.end() || !it->is_array()) return Bad("no \"values\" array");
  auto c = std::make_shared<ServiceTagCatalogue>();
  if (j.contains("changeNumber") && j["changeNumber"].is_number_integer())
    c->change_number_ = j["changeNumber"].get<int64_t>();
  if (j.contains("cloud") && j["cloud"].is_string()) c->cloud_ = j["cloud"].get<std::string>();
  for (const Json& v : *it) {
    if (!v.is_object() || !v.contains("name") || !v["name"].is_string())
      return Bad("an entry without a name");
    ServiceTag t;
    t.name = v["name"].get<std::string>();
    auto p = v.find("properties");
    if (p == v.end() || !p->is_object()) return Bad("entry " + t.name + " has no properties");
    auto str = [&](const char* key) {
      auto f = p->find(key);
      return f != p->end() && f->is_string() ? f->get<std::string>() : std::string();
    };
    auto num = [&](const char* key) {
      auto f = p->find(key);
      return f != p->end() && f->is_number_integer() ? f->get<int64_t>() : int64_t{0};
    };
    t.region = AsciiLower(str("region"));
    t.region_id = num("regionId");
    t.platform = str("platform");
    t.system_service = str("systemService");
    t.change_number = num("changeNumber");
    auto prefixes = p->find("addressPrefixes");
    if (prefixes == p->end() || !prefixes->is_array())
      return Bad("entry " + t.name + " has no addressPrefixes");
    std::vector<net::Cidr> v4, v6;
    for (const Json& a : *prefixes) {
      if (!a.is_string()) return Bad("entry " + t.name + " has a non-string prefix");
      Result<net::Cidr> cidr = net::Cidr::ParseAddressOrCidr(a.get<std::string>());
      if (!cidr.ok()) return Bad("entry " + t.name + ": " + cidr.status().message());
      (cidr->is_v4() ? v4 : v6).push_back(*cidr);
    }
    std::sort(v4.begin(), v4.end());
    std::sort(v6.begin(), v6.end());
    t.prefixes = std::move(v4);
    t.prefixes.insert(t.prefixes.end(), v6.begin(), v6.end());
    if (auto f = p->find("networkFeatures"); f != p->end() && f->is_array()) {
      for (const Json& feature : *f) {
        if (feature.is_string()) t.network_features.push_back(feature.get<std::string>());
      }
    }
    c->by_lower_name_.push_back({AsciiLower(t.name), c->tags_.size()});
    c->tags_.push_back(std::move(t));
  }
  std::sort(c->by_lower_name_.begin(), c->by_lower_name_.end());
  return std::shared_ptr<const ServiceTagCatalogue>(std::move(c));
}

Result<std::shared_ptr<const ServiceTagCatalogue>> ServiceTagCatalogue::Load(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("ServiceTagFileNotFound", "cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  Result<std::shared_ptr<const ServiceTagCatalogue>> parsed = Parse(text.str());
  if (!parsed.ok()) return parsed.status().WithContext(path);
  return parsed;
}

Result<std::shared_ptr<const ServiceTagCatalogue>> ServiceTagCatalogue::Default() {
  static std::once_flag once;
  static Result<std::shared_ptr<const ServiceTagCatalogue>>* loaded = nullptr;
  std::call_once(once, [] {
    const char* env = std::getenv("VNETD_SERVICE_TAGS");
    std::string path = env && *env ? env : VNET_DATA_DIR "/ServiceTags_Public.json";
    loaded = new Result<std::shared_ptr<const ServiceTagCatalogue>>(Load(path));
  });
  return *loaded;
}

const ServiceTag* ServiceTagCatalogue::Find(std::string_view name) const {
  std::string lower = AsciiLower(name);
  auto it = std::lower_bound(by_lower_name_.begin(), by_lower_name_.end(), lower,
                             [](const std::pair<std::string, size_t>& e, const std::string& key) {
                               return e.first < key;
                             });
  return it != by_lower_name_.end() && it->first == lower ? &tags_[it->second] : nullptr;
}

const ServiceTag* ServiceTagCatalogue::Regional(std::string_view base,
                                                std::string_view region) const {
  // "<Base>.<Region>": the file spells regions in tag names as it likes (Storage.EastUS,
  // AzureCloud.eastus); a case-insensitive name lookup covers both.
  return Find(std::string(base) + "." + std::string(region));
}

}  // namespace vnet::compile
