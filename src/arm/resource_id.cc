// ResourceId parsing and formatting.
#include "arm/resource_id.h"

#include "base/strings.h"

namespace vnet::arm {

namespace {

Status Invalid(std::string_view text, std::string_view why) {
  return Status::InvalidArgument(
      "InvalidResourceId",
      "'" + std::string(text) + "' is not a valid resource id: " + std::string(why));
}

// Characters that never appear in an ARM name or type in a path segment.
bool HasBadChars(std::string_view s) {
  for (char c : s) {
    if (c == '?' || c == '#' || c == '\\' || c == '%' || static_cast<unsigned char>(c) < 0x20)
      return true;
  }
  return false;
}

}  // namespace

Result<ResourceId> ResourceId::Parse(std::string_view text) {
  if (text.empty() || text.front() != '/') return Invalid(text, "it must start with '/'");
  std::string_view body = text.substr(1);
  if (!body.empty() && body.back() == '/') body.remove_suffix(1);
  std::vector<std::string_view> parts = Split(body, '/');
  for (std::string_view p : parts) {
    if (p.empty()) return Invalid(text, "empty segment");
    if (HasBadChars(p)) return Invalid(text, "bad character in '" + std::string(p) + "'");
  }
  if (parts.size() < 2 || !EqualsIgnoreCase(parts[0], "subscriptions"))
    return Invalid(text, "it must start with /subscriptions/{id}");
  ResourceId id;
  id.subscription_ = std::string(parts[1]);
  size_t i = 2;
  if (i < parts.size() && EqualsIgnoreCase(parts[i], "resourceGroups")) {
    if (i + 1 >= parts.size()) return Invalid(text, "resource group name missing");
    id.resource_group_ = std::string(parts[i + 1]);
    i += 2;
  }
  if (i == parts.size()) return id;
  if (!EqualsIgnoreCase(parts[i], "providers") || i + 1 >= parts.size())
    return Invalid(text, "expected /providers/{namespace}");
  id.provider_ = std::string(parts[i + 1]);
  i += 2;
  if (i == parts.size() || (parts.size() - i) % 2 != 0)
    return Invalid(text, "types and names must come in pairs");
  for (; i < parts.size(); i += 2) {
    id.segments_.push_back({std::string(parts[i]), std::string(parts[i + 1])});
  }
  return id;
}

ResourceId ResourceId::ResourceGroup(std::string subscription, std::string group) {
  ResourceId id;
  id.subscription_ = std::move(subscription);
  id.resource_group_ = std::move(group);
  return id;
}

std::string ResourceId::FullType() const {
  if (is_subscription()) return "Microsoft.Resources/subscriptions";
  if (is_resource_group()) return "Microsoft.Resources/resourceGroups";
  std::string t = provider_;
  for (const Segment& s : segments_) t += "/" + s.type;
  return t;
}

const std::string& ResourceId::name() const {
  if (!segments_.empty()) return segments_.back().name;
  if (!resource_group_.empty()) return resource_group_;
  return subscription_;
}

ResourceId ResourceId::Parent() const {
  ResourceId p = *this;
  if (p.segments_.size() > 1) {
    p.segments_.pop_back();
  } else if (!p.segments_.empty()) {
    p.segments_.clear();
    p.provider_.clear();
  } else {
    p.resource_group_.clear();
  }
  return p;
}

ResourceId ResourceId::Child(std::string_view type, std::string_view child_name) const {
  ResourceId c = *this;
  c.segments_.push_back({std::string(type), std::string(child_name)});
  return c;
}

ResourceId ResourceId::Root() const {
  ResourceId r = *this;
  if (r.segments_.size() > 1) r.segments_.resize(1);
  return r;
}

std::string ResourceId::ToString() const {
  std::string out = "/subscriptions/" + subscription_;
  if (!resource_group_.empty()) out += "/resourceGroups/" + resource_group_;
  if (!provider_.empty()) {
    out += "/providers/" + provider_;
    for (const Segment& s : segments_) out += "/" + s.type + "/" + s.name;
  }
  return out;
}

std::string ResourceId::Key() const { return AsciiLower(ToString()); }

bool IsValidNetworkResourceName(std::string_view name) {
  if (name.empty() || name.size() > 80) return false;
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(name.front())) return false;
  if (!alnum(name.back()) && name.back() != '_') return false;
  for (char c : name) {
    if (!alnum(c) && c != '.' && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace vnet::arm
