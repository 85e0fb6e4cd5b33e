// Parsing of Microsoft's service tag file (strict about types: a half-read catalogue would make
// NSG rules silently match the wrong addresses), name lookups by binary search, and the mapping
// between the file's region spellings and ARM location names.
#include "compile/service_tags.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/strings.h"

namespace vnet::compile {

namespace {

using Json = nlohmann::json;

Status Bad(const std::string& what) {
  return Status::InvalidArgument("InvalidServiceTagFile", "service tag file: " + what);
}

// Lower case without spaces: "East US" -> "eastus".
std::string RegionKey(std::string_view region) {
  std::string out;
  for (char c : AsciiLower(region)) {
    if (c != ' ') out += c;
  }
  return out;
}

// The optional members of one JSON object. Absent and null members leave the output alone (the
// file writes `"networkFeatures": null` for tags usable nowhere in particular).
class Members {
 public:
  Members(const Json& object, std::string where) : o_(object), where_(std::move(where)) {}

  Status String(const char* key, std::string* out) const {
    const Json* v = Get(key);
    if (!v) return {};
    if (!v->is_string()) return Bad(where_ + key + " is not a string");
    *out = v->get<std::string>();
    return {};
  }
  // A non-negative integer, or a decimal string of one: the file writes numbers, the discovery
  // API strings.
  Status Number(const char* key, int64_t* out) const {
    const Json* v = Get(key);
    if (!v) return {};
    if (v->is_number_integer() && v->get<int64_t>() >= 0) {
      *out = v->get<int64_t>();
      return {};
    }
    if (v->is_string()) {
      const std::string& s = v->get_ref<const std::string&>();
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
      if (!s.empty() && ec == std::errc() && end == s.data() + s.size() && *out >= 0) return {};
    }
    return Bad(where_ + key + " is not a non-negative integer");
  }
  Status Strings(const char* key, std::vector<std::string>* out) const {
    const Json* v = Get(key);
    if (!v) return {};
    if (!v->is_array()) return Bad(where_ + key + " is not an array");
    for (size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) {
        return Bad(where_ + key + "[" + std::to_string(i) + "] is not a string");
      }
      out->push_back((*v)[i].get<std::string>());
    }
    return {};
  }

 private:
  const Json* Get(const char* key) const {
    auto it = o_.find(key);
    return it == o_.end() || it->is_null() ? nullptr : &*it;
  }
  const Json& o_;
  std::string where_;
};

Result<ServiceTag> ParseTag(const Json& v, size_t index) {
  std::string where = "values[" + std::to_string(index) + "]";
  if (!v.is_object()) return Bad(where + " is not an object");
  auto name = v.find("name");
  if (name == v.end() || !name->is_string() || name->get_ref<const std::string&>().empty())
    return Bad(where + " has no name");
  ServiceTag t;
  t.name = name->get<std::string>();
  where += " '" + t.name + "': ";
  auto props = v.find("properties");
  if (props == v.end() || !props->is_object()) return Bad(where + "no properties object");
  Members p(*props, where + "properties.");
  VNET_RETURN_IF_ERROR(p.String("region", &t.region));
  t.region = AsciiLower(t.region);
  VNET_RETURN_IF_ERROR(p.Number("regionId", &t.region_id));
  VNET_RETURN_IF_ERROR(p.String("platform", &t.platform));
  VNET_RETURN_IF_ERROR(p.String("systemService", &t.system_service));
  VNET_RETURN_IF_ERROR(p.Number("changeNumber", &t.change_number));
  VNET_RETURN_IF_ERROR(p.Strings("networkFeatures", &t.network_features));
  if (!props->contains("addressPrefixes")) return Bad(where + "no properties.addressPrefixes");
  std::vector<std::string> texts;
  VNET_RETURN_IF_ERROR(p.Strings("addressPrefixes", &texts));
  std::vector<net::Cidr> v4, v6;
  for (size_t i = 0; i < texts.size(); ++i) {
    Result<net::Cidr> cidr = net::Cidr::ParseAddressOrCidr(texts[i]);
    if (!cidr.ok()) {
      return Bad(where + "properties.addressPrefixes[" + std::to_string(i) +
                 "]: " + cidr.status().message());
    }
    (cidr->is_v4() ? v4 : v6).push_back(*cidr);
  }
  std::sort(v4.begin(), v4.end());
  std::sort(v6.begin(), v6.end());
  t.prefixes = std::move(v4);
  t.prefixes.insert(t.prefixes.end(), v6.begin(), v6.end());
  return t;
}

// The ARM location of each region the file names: the most common name suffix among that
// region's tags ("centralfrance" -> 44 x ".FranceCentral", 1 x "AzureCloud.centralfrance").
// Ties go to the alphabetically first suffix, so the result does not depend on the file's order.
std::map<std::string, std::string> LocationsOfRegions(const std::vector<ServiceTag>& tags) {
  std::map<std::string, std::map<std::string, int>> suffixes;  // region -> suffix -> count
  for (const ServiceTag& t : tags) {
    size_t dot = t.name.rfind('.');
    if (t.region.empty() || dot == std::string::npos) continue;
    ++suffixes[t.region][AsciiLower(std::string_view(t.name).substr(dot + 1))];
  }
  std::map<std::string, std::string> out;
  for (const auto& [region, counts] : suffixes) {
    auto best = counts.begin();
    for (auto it = counts.begin(); it != counts.end(); ++it) {
      if (it->second > best->second) best = it;
    }
    out[region] = best->first;
  }
  return out;
}

}  // namespace

Result<std::shared_ptr<const ServiceTagCatalogue>> ServiceTagCatalogue::Parse(
    std::string_view json_text) {
  Json j = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Bad("not valid JSON");
  if (!j.is_object()) return Bad("not a JSON object");
  auto values = j.find("values");
  if (values == j.end() || !values->is_array()) return Bad("no \"values\" array");
  auto c = std::make_shared<ServiceTagCatalogue>();
  Members top(j, "");
  VNET_RETURN_IF_ERROR(top.Number("changeNumber", &c->change_number_));
  VNET_RETURN_IF_ERROR(top.String("cloud", &c->cloud_));
  c->tags_.reserve(values->size());
  for (size_t i = 0; i < values->size(); ++i) {
    Result<ServiceTag> tag = ParseTag((*values)[i], i);
    if (!tag.ok()) return tag.status();
    c->by_lower_name_.push_back({AsciiLower(tag->name), i});
    c->tags_.push_back(std::move(*tag));
  }
  std::sort(c->by_lower_name_.begin(), c->by_lower_name_.end());
  for (size_t i = 1; i < c->by_lower_name_.size(); ++i) {
    if (c->by_lower_name_[i].first == c->by_lower_name_[i - 1].first) {
      return Bad("two tags named '" + c->tags_[c->by_lower_name_[i].second].name + "'");
    }
  }
  for (const auto& [region, location] : LocationsOfRegions(c->tags_)) {
    c->locations_.push_back(location);
    if (region != location) c->region_aliases_.push_back({region, location});
  }
  std::sort(c->locations_.begin(), c->locations_.end());
  c->locations_.erase(std::unique(c->locations_.begin(), c->locations_.end()), c->locations_.end());
  return std::shared_ptr<const ServiceTagCatalogue>(std::move(c));
}

Result<std::shared_ptr<const ServiceTagCatalogue>> ServiceTagCatalogue::Load(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("ServiceTagFileNotFound", "cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  Result<std::shared_ptr<const ServiceTagCatalogue>> parsed = Parse(text.str());
  if (!parsed.ok()) return parsed.status().WithContext(path);
  return parsed;
}

std::string ServiceTagCatalogue::DefaultPath() {
  const char* env = std::getenv("VNETD_SERVICE_TAGS");
  return env && *env ? std::string(env) : std::string(VNET_DATA_DIR "/ServiceTags_Public.json");
}

Result<std::shared_ptr<const ServiceTagCatalogue>> ServiceTagCatalogue::Default() {
  // A function-local static is initialized exactly once, even under concurrent first calls.
  static const Result<std::shared_ptr<const ServiceTagCatalogue>> loaded = Load(DefaultPath());
  return loaded;
}

bool ServiceTagCatalogue::HasLocation(std::string_view location) const {
  return std::binary_search(locations_.begin(), locations_.end(), RegionKey(location));
}

const ServiceTag* ServiceTagCatalogue::Find(std::string_view name) const {
  std::string lower = AsciiLower(name);
  auto it = std::lower_bound(by_lower_name_.begin(), by_lower_name_.end(), lower,
                             [](const std::pair<std::string, size_t>& e, const std::string& key) {
                               return e.first < key;
                             });
  return it != by_lower_name_.end() && it->first == lower ? &tags_[it->second] : nullptr;
}

const ServiceTag* ServiceTagCatalogue::FindRegional(std::string_view base,
                                                    std::string_view region) const {
  const ServiceTag* t = Find(std::string(base) + "." + std::string(region));
  return t && !t->region.empty() ? t : nullptr;
}

const ServiceTag* ServiceTagCatalogue::Regional(std::string_view base,
                                                std::string_view region) const {
  // "<Base>.<Region>": the file spells regions in tag names as it likes (Storage.EastUS,
  // AzureCloud.eastus), which the case-insensitive lookup covers; a region with two spellings
  // is tried under the other one (AzureCloud.centralfrance, Storage.FranceCentral).
  std::string key = RegionKey(region);
  if (const ServiceTag* t = FindRegional(base, key)) return t;
  for (const auto& [file_spelling, location] : region_aliases_) {
    const ServiceTag* t = key == location        ? FindRegional(base, file_spelling)
                          : key == file_spelling ? FindRegional(base, location)
                                                 : nullptr;
    if (t) return t;
  }
  return nullptr;
}

}  // namespace vnet::compile
