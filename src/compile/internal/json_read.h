// Tolerant readers of ARM JSON for the topology builder: a missing or wrongly typed member
// reads as the fallback, never throws.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vnet::compile {

using Json = nlohmann::json;

// obj[key] when obj is an object that has it, else nullptr.
inline const Json* Member(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}
// obj[key] as an object, or an empty object.
inline const Json& Props(const Json& obj, const char* key = "properties") {
  static const Json kEmpty = Json::object();
  const Json* m = Member(obj, key);
  return m && m->is_object() ? *m : kEmpty;
}
inline std::string String(const Json& obj, const char* key, const std::string& fallback = "") {
  const Json* m = Member(obj, key);
  return m && m->is_string() ? m->get<std::string>() : fallback;
}
inline int64_t Int(const Json& obj, const char* key, int64_t fallback) {
  const Json* m = Member(obj, key);
  return m && m->is_number_integer() ? m->get<int64_t>() : fallback;
}
inline bool Bool(const Json& obj, const char* key, bool fallback) {
  const Json* m = Member(obj, key);
  return m && m->is_boolean() ? m->get<bool>() : fallback;
}
inline const Json& Array(const Json& obj, const char* key) {
  static const Json kEmpty = Json::array();
  const Json* m = Member(obj, key);
  return m && m->is_array() ? *m : kEmpty;
}
// The strings of an array member.
inline std::vector<std::string> Strings(const Json& obj, const char* key) {
  std::vector<std::string> out;
  for (const Json& v : Array(obj, key)) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}
// A field that ARM offers both singly and as a list (addressPrefix / addressPrefixes): the list
// when it is non-empty, else the single value when set.
inline std::vector<std::string> StringOrList(const Json& obj, const char* one, const char* many) {
  std::vector<std::string> out = Strings(obj, many);
  if (out.empty()) {
    std::string single = String(obj, one);
    if (!single.empty()) out.push_back(single);
  }
  return out;
}

}  // namespace vnet::compile
