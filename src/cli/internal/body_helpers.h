// Small JSON builders shared by the create/update commands: {"id": ...} references resolved from
// a name or id, Azure CLI's singular/plural field pairs, and "clear or set" of a reference.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "cli/internal/arm_client.h"
#include "cli/internal/command_context.h"
#include "cli/internal/resource_paths.h"

namespace vnet::cli {

// {"id": NameOrId(value, scope, type)}.
Json IdRef(std::string_view value, const Scope& scope, std::string_view type);
// [{"id": ...}, ...] for each value.
Json IdRefs(const std::vector<std::string>& values, const Scope& scope, std::string_view type);

// Sets `singular` to the only value, or `plural` to all of them, and erases the other key: Azure
// CLI sends "addressPrefix" for one prefix and "addressPrefixes" for several.
void SetSingularOrPlural(Json& properties, const std::string& singular, const std::string& plural,
                         const std::vector<std::string>& values);

// For an update: when `arg` was given, clears `key` ("" or "null") or sets it to a reference.
void UpdateRef(Json& properties, const std::string& key, const OptionalArg& arg, const Scope& scope,
               std::string_view type);

// Ensures `json[key]` is an object and returns it.
Json& ObjectAt(Json& json, const std::string& key);

}  // namespace vnet::cli
