// libFuzzer target: ResourceId parsing. Never crashes; a parsed id formats to text that parses
// to the same id, and its parent chain ends at the subscription.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "arm/resource_id.h"
#include "base/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  vnet::Result<vnet::arm::ResourceId> id = vnet::arm::ResourceId::Parse(text);
  if (!id.ok()) return 0;
  vnet::Result<vnet::arm::ResourceId> again = vnet::arm::ResourceId::Parse(id->ToString());
  VNET_CHECK(again.ok());
  VNET_CHECK(again->Key() == id->Key());
  VNET_CHECK(again->FullType() == id->FullType());
  vnet::arm::ResourceId walk = *id;
  // Each Parent() drops one type/name pair, then the group: segments + 2 steps at most.
  const size_t steps = id->segments().size() + 2;
  for (size_t i = 0; i < steps && !walk.is_subscription(); ++i) walk = walk.Parent();
  VNET_CHECK(walk.is_subscription());
  return 0;
}
