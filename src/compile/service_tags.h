// ServiceTagCatalogue: Azure's service tags (name -> address prefixes), loaded from a file in the
// format of Microsoft's weekly download (ServiceTags_Public.json: changeNumber, cloud, values[]
// with name, id, properties{changeNumber, region, regionId, platform, systemService,
// addressPrefixes, networkFeatures}). Immutable once loaded; share it as shared_ptr<const>.
// Thread safety: const methods are safe from any thread.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "net/cidr.h"

namespace vnet::compile {

struct ServiceTag {
  std::string name;            // as the catalogue spells it: "Storage.EastUS", "AzureCloud.eastus"
  std::string region;          // "eastus"; "" for global tags
  int64_t region_id = 0;       // 0 for global tags
  std::string platform;        // "Azure"
  std::string system_service;  // "AzureStorage"; may be ""
  int64_t change_number = 0;
  std::vector<net::Cidr> prefixes;            // IPv4 then IPv6, each family sorted, as in the file
  std::vector<std::string> network_features;  // "API", "NSG", "UDR", "FW"
};

class ServiceTagCatalogue {
 public:
  // Parses the JSON text of a service tag file. kInvalidArgument naming the bad entry otherwise.
  static Result<std::shared_ptr<const ServiceTagCatalogue>> Parse(std::string_view json_text);
  static Result<std::shared_ptr<const ServiceTagCatalogue>> Load(const std::string& path);
  // The catalogue vnetd ships (data/ServiceTags_Public.json in the source tree), or the file that
  // the VNETD_SERVICE_TAGS environment variable names. Loaded once; kNotFound if missing.
  static Result<std::shared_ptr<const ServiceTagCatalogue>> Default();

  int64_t change_number() const { return change_number_; }
  const std::string& cloud() const { return cloud_; }
  const std::vector<ServiceTag>& tags() const { return tags_; }

  // A tag by name, matched case-insensitively (SEMANTICS.md section 0, point 5); nullptr if none.
  const ServiceTag* Find(std::string_view name) const;
  // The regional variant of a tag: ("Storage", "eastus") -> "Storage.EastUS"; nullptr if the
  // catalogue has none for that region.
  const ServiceTag* Regional(std::string_view base, std::string_view region) const;

 private:
  int64_t change_number_ = 0;
  std::string cloud_;
  std::vector<ServiceTag> tags_;
  std::vector<std::pair<std::string, size_t>> by_lower_name_;  // sorted
};

}  // namespace vnet::compile
