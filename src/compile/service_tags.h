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
#include <utility>
#include <vector>

#include "base/result.h"
#include "net/cidr.h"

namespace vnet::compile {

struct ServiceTag {
  std::string name;  // as the catalogue spells it: "Storage.EastUS", "AzureCloud.eastus"
  // The file's `region`, lower-cased: "eastus"; "" for global tags. Mostly the ARM location name,
  // but a few regions keep an internal spelling ("centralfrance" for francecentral).
  std::string region;
  int64_t region_id = 0;       // 0 for global tags
  std::string platform;        // "Azure"
  std::string system_service;  // "AzureStorage"; may be ""
  int64_t change_number = 0;
  std::vector<net::Cidr> prefixes;            // IPv4 then IPv6, each family sorted
  std::vector<std::string> network_features;  // "API", "NSG", "UDR", "FW", "VSE"; may be empty
};

class ServiceTagCatalogue {
 public:
  // Parses the JSON text of a service tag file. Also reads a saved answer of the discovery API
  // (`az network list-service-tags`), whose change numbers are decimal strings. kInvalidArgument
  // (reason "InvalidServiceTagFile") naming the bad entry and member for text that is not JSON,
  // a member of the wrong type, an unparsable prefix, or two tags with the same name.
  static Result<std::shared_ptr<const ServiceTagCatalogue>> Parse(std::string_view json_text);
  // Reads and parses a file: kNotFound if it cannot be read, else as Parse (message prefixed
  // with the path).
  static Result<std::shared_ptr<const ServiceTagCatalogue>> Load(const std::string& path);
  // The catalogue vnetd ships (data/ServiceTags_Public.json in the source tree), or the file that
  // the VNETD_SERVICE_TAGS environment variable names. Loaded once, at the first call, from
  // DefaultPath(); later calls return the same catalogue (or the same error). Thread-safe.
  static Result<std::shared_ptr<const ServiceTagCatalogue>> Default();
  // $VNETD_SERVICE_TAGS if set and not empty, else VNET_DATA_DIR "/ServiceTags_Public.json".
  static std::string DefaultPath();

  int64_t change_number() const { return change_number_; }
  const std::string& cloud() const { return cloud_; }
  const std::vector<ServiceTag>& tags() const { return tags_; }
  // ARM location names of the regions the regional tags cover ("eastus", "francecentral"),
  // sorted. Where the file's `region` keeps an internal spelling ("centralfrance"), the location
  // is the spelling most of that region's tag names end with ("Storage.FranceCentral").
  const std::vector<std::string>& locations() const { return locations_; }
  // True if `location` is one of locations(), matched case-insensitively, spaces ignored.
  bool HasLocation(std::string_view location) const;

  // A tag by name, matched case-insensitively (SEMANTICS.md section 0, point 5); nullptr if none.
  // O(log n).
  const ServiceTag* Find(std::string_view name) const;
  // The regional variant of a tag: ("Storage", "eastus") -> "Storage.EastUS", ("AzureCloud",
  // "francecentral") -> "AzureCloud.centralfrance". `region` is an ARM location name or the
  // file's spelling, case-insensitive, spaces ignored ("East US"). nullptr if the catalogue has
  // no regional variant for that region (a global tag whose name has a dot, such as
  // "AzureFrontDoor.Frontend", is not one).
  const ServiceTag* Regional(std::string_view base, std::string_view region) const;

 private:
  const ServiceTag* FindRegional(std::string_view base, std::string_view region) const;

  int64_t change_number_ = 0;
  std::string cloud_;
  std::vector<ServiceTag> tags_;
  std::vector<std::pair<std::string, size_t>> by_lower_name_;  // sorted
  std::vector<std::string> locations_;                         // sorted
  // {file spelling, ARM location} for the regions where the two differ, sorted by the first.
  std::vector<std::pair<std::string, std::string>> region_aliases_;
};

}  // namespace vnet::compile
