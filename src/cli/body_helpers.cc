// Implementation of the shared body builders.
#include "cli/internal/body_helpers.h"

#include "base/strings.h"

namespace vnet::cli {

Json IdRef(std::string_view value, const Scope& scope, std::string_view type) {
  return Json{{"id", NameOrId(Trim(value), scope, type)}};
}

Json IdRefs(const std::vector<std::string>& values, const Scope& scope, std::string_view type) {
  Json out = Json::array();
  for (const std::string& v : values) {
    if (!Trim(v).empty()) out.push_back(IdRef(v, scope, type));
  }
  return out;
}

void SetSingularOrPlural(Json& properties, const std::string& singular, const std::string& plural,
                         const std::vector<std::string>& values) {
  if (values.size() == 1) {
    properties[singular] = values[0];
    properties.erase(plural);
  } else {
    properties[plural] = values;
    properties.erase(singular);
  }
}

void UpdateRef(Json& properties, const std::string& key, const OptionalArg& arg, const Scope& scope,
               std::string_view type) {
  if (!arg.given()) return;
  const std::string t = AsciiLower(Trim(arg.value));
  if (t.empty() || t == "null" || t == "\"\"") {
    properties.erase(key);
  } else {
    properties[key] = IdRef(arg.value, scope, type);
  }
}

Json& ObjectAt(Json& json, const std::string& key) {
  if (!json.contains(key) || !json[key].is_object()) json[key] = Json::object();
  return json[key];
}

}  // namespace vnet::cli
