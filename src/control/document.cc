// Generic document shaping shared by every resource type.
#include "control/document.h"

#include <cctype>
#include <cstdio>

#include "base/strings.h"

namespace vnet::control {

namespace {

uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ULL) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

bool IsDnsZoneFamily(std::string_view type) {
  return StartsWithIgnoreCase(type, "Microsoft.Network/privateDnsZones");
}

// ARM name rules differ per provider; these are the ones vnetd checks generically.
bool IsValidName(const model::ResourceType& type, std::string_view name) {
  if (name.empty() || name.size() > 260) return false;
  std::string_view t = type.name;
  if (IsDnsZoneFamily(t)) {
    // Zone and record set names: labels of letters, digits, '-', '_', '*' and '@'.
    for (char c : name) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.' || c == '*' || c == '@';
      if (!ok) return false;
    }
    return name.front() != '.' && name.back() != '.';
  }
  if (StartsWithIgnoreCase(t, "Microsoft.Network/") ||
      StartsWithIgnoreCase(t, "Microsoft.Compute/"))
    return arm::IsValidNetworkResourceName(name);
  if (EqualsIgnoreCase(t, "Microsoft.Resources/resourceGroups")) {
    if (name.size() > 90 || name.back() == '.') return false;
    for (char c : name) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.' || c == '(' || c == ')';
      if (!ok) return false;
    }
    return true;
  }
  // Service resources: letters, digits, '-', '_' and '.'; the handlers check their own rules.
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Status BadName(const model::ResourceType& type, std::string_view name) {
  return Status::InvalidArgument(
      "InvalidResourceName",
      "Resource name '" + std::string(name) + "' is invalid for type '" + std::string(type.name) +
          "'. The name can be up to 80 characters long. It must begin with a word character, and "
          "it must end with a word character or with '_'. The name may contain word characters "
          "or '.', '-', '_'.");
}

}  // namespace

Status UnreadableBody(const arm::ResourceId& id, std::string detail) {
  if (EqualsIgnoreCase(id.provider(), "Microsoft.Network")) {
    return Status::InvalidArgument("InvalidRequestFormat", "Cannot parse the request.")
        .WithDetails({Status::InvalidArgument("InvalidJson", std::move(detail))});
  }
  return Status::InvalidArgument(
      "InvalidRequestContent",
      "The request content was invalid and could not be deserialized: " + detail);
}

Status NormalizeDocument(const arm::ResourceId& id, const model::ResourceType& type, Json& doc) {
  if (!doc.is_object()) return UnreadableBody(id, "The body must be a JSON object.");
  if (!IsValidName(type, id.name())) return BadName(type, id.name());
  if (doc.contains("properties") && !doc["properties"].is_null() &&
      !doc["properties"].is_object()) {
    return UnreadableBody(id, "The property 'properties' must be a JSON object.");
  }
  if (!doc.contains("properties") || doc["properties"].is_null())
    doc["properties"] = Json::object();
  if (doc.contains("tags") && !doc["tags"].is_null() && !doc["tags"].is_object()) {
    return UnreadableBody(id, "The property 'tags' must be a JSON object of strings.");
  }
  if (type.has_location) {
    if (!doc.contains("location") || !doc["location"].is_string() ||
        doc["location"].get<std::string>().empty()) {
      return Status::InvalidArgument("LocationRequired",
                                     "The location property is required for this definition.");
    }
    std::string loc;
    for (char c : doc["location"].get<std::string>()) {
      if (c != ' ') loc += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    doc["location"] = loc;
  } else {
    doc.erase("location");
  }
  doc["id"] = id.ToString();
  doc["name"] = id.name();
  doc["type"] = std::string(type.name);
  return {};
}

Status NormalizeInlineChildren(const arm::ResourceId& id, const model::ResourceType& type,
                               Json& doc) {
  for (const model::ResourceType* child : model::ChildTypesOf(type.name)) {
    if (child->storage != model::Storage::kInline) continue;
    Json& props = doc["properties"];
    std::string array(child->inline_property);
    if (!props.contains(array) || props[array].is_null()) continue;
    if (!props[array].is_array()) {
      return UnreadableBody(id, "The property '" + array + "' must be an array.");
    }
    std::vector<std::string> seen;
    for (Json& element : props[array]) {
      if (!element.is_object() || !element.contains("name") || !element["name"].is_string()) {
        return Status::InvalidArgument(
            "InvalidRequestFormat",
            "Each element of '" + array + "' must be an object with a string 'name'.");
      }
      std::string name = element["name"].get<std::string>();
      if (!IsValidName(*child, name)) return BadName(*child, name);
      std::string lower = AsciiLower(name);
      for (const std::string& s : seen) {
        if (s == lower) {
          return Status::InvalidArgument(
              "DuplicateResourceName",
              "Resource '" + id.ToString() + "' has two " + array + " named '" + name + "'.");
        }
      }
      seen.push_back(lower);
      if (!element.contains("properties") || element["properties"].is_null())
        element["properties"] = Json::object();
      if (!element["properties"].is_object()) {
        return UnreadableBody(
            id, "The 'properties' of " + array + " '" + name + "' must be a JSON object.");
      }
      element["id"] = id.Child(model::ShortTypeName(child->name), name).ToString();
      element["type"] = std::string(child->name);
    }
  }
  return {};
}

void MarkSucceeded(const model::ResourceType& type, Json& doc) {
  doc["properties"]["provisioningState"] = "Succeeded";
  for (const model::ResourceType* child : model::ChildTypesOf(type.name)) {
    if (child->storage != model::Storage::kInline) continue;
    Json& props = doc["properties"];
    std::string array(child->inline_property);
    if (!props.contains(array) || !props[array].is_array()) continue;
    for (Json& element : props[array]) {
      if (element.is_object() && element.contains("properties") &&
          element["properties"].is_object())
        element["properties"]["provisioningState"] = "Succeeded";
    }
  }
}

void StampEtag(const model::ResourceType& type, const std::string& etag, Json& doc) {
  doc["etag"] = etag;
  for (const model::ResourceType* child : model::ChildTypesOf(type.name)) {
    if (child->storage != model::Storage::kInline) continue;
    Json& props = doc["properties"];
    std::string array(child->inline_property);
    if (!props.contains(array) || !props[array].is_array()) continue;
    for (Json& element : props[array]) {
      if (element.is_object()) element["etag"] = etag;
    }
  }
}

std::string MakeGuid(std::string_view seed) {
  uint64_t a = Fnv1a(seed);
  uint64_t b = Fnv1a(seed, a ^ 0x9E3779B97F4A7C15ULL);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFF),
                static_cast<unsigned>((b >> 48) & 0xFFF),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return buf;
}

std::string MakeEtag(std::string_view key, int64_t revision) {
  return "W/\"" + MakeGuid(std::string(key) + "#" + std::to_string(revision)) + "\"";
}

Json* FindInline(Json& doc, std::string_view array, std::string_view name) {
  if (!doc.contains("properties")) return nullptr;
  Json& props = doc["properties"];
  std::string a(array);
  if (!props.is_object() || !props.contains(a) || !props[a].is_array()) return nullptr;
  for (Json& element : props[a]) {
    if (element.is_object() && element.contains("name") && element["name"].is_string() &&
        EqualsIgnoreCase(element["name"].get<std::string>(), name))
      return &element;
  }
  return nullptr;
}

const Json* FindInline(const Json& doc, std::string_view array, std::string_view name) {
  return FindInline(const_cast<Json&>(doc), array, name);  // NOLINT: read-only use
}

std::string CanonicalType(const arm::ResourceId& id) {
  const model::ResourceType* t = model::FindResourceType(id.FullType());
  return t ? std::string(t->name) : id.FullType();
}

Status ResourceNotFound(const arm::ResourceId& id) {
  return Status::NotFound("ResourceNotFound", "The Resource '" + CanonicalType(id) + "/" +
                                                  id.name() + "' under resource group '" +
                                                  id.resource_group() + "' was not found.");
}

Status ResourceGroupNotFound(const arm::ResourceId& id) {
  return Status::NotFound("ResourceGroupNotFound",
                          "Resource group '" + id.resource_group() + "' could not be found.");
}

Status ParentResourceNotFound(const arm::ResourceId& id) {
  arm::ResourceId parent = id.Parent();
  return Status::NotFound("ParentResourceNotFound",
                          "Can not perform requested operation on nested resource. Parent "
                          "resource '" +
                              parent.name() + "' not found.");
}

}  // namespace vnet::control
