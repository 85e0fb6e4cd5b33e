// Shared command plumbing. Three-state booleans accept what Azure CLI's get_three_state_flag()
// accepts: true/false, yes/no, 1/0, enabled/disabled (any case).
#include "cli/internal/command_context.h"

#include "base/strings.h"

namespace vnet::cli {

Result<std::string> Context::GroupLocation(std::string_view resource_group) {
  const std::string key = AsciiLower(resource_group);
  if (auto it = group_locations_.find(key); it != group_locations_.end()) return it->second;
  if (resource_group.empty()) return UsageError("usage error: --resource-group/-g is required");
  VNET_ASSIGN_OR_RETURN(Json group, arm_.Get(ResourceGroupPath(subscription_, resource_group)));
  std::string location = group.is_object() ? group.value("location", "") : "";
  if (location.empty()) {
    return Status::FailedPrecondition(
        "LocationRequired",
        "resource group '" + std::string(resource_group) + "' has no location; pass --location/-l");
  }
  group_locations_[key] = location;
  return location;
}

Result<std::string> Context::LocationOr(std::string_view location,
                                        std::string_view resource_group) {
  if (!location.empty()) return std::string(location);
  return GroupLocation(resource_group);
}

CLI::App* Registry::Group(CLI::App* parent, std::string name, std::string description) {
  return parent->add_subcommand(std::move(name), std::move(description));
}

CLI::App* Registry::Command(CLI::App* parent, std::string name, std::string description,
                            Action action) {
  CLI::App* cmd = parent->add_subcommand(std::move(name), std::move(description));
  actions_[cmd] = std::move(action);
  return cmd;
}

const Action* Registry::Selected(const CLI::App& root) const {
  const CLI::App* node = &root;
  for (;;) {
    const std::vector<const CLI::App*> chosen =
        node->get_subcommands([](const CLI::App* sub) { return sub->parsed(); });
    if (chosen.empty()) break;
    node = chosen.front();
  }
  auto it = actions_.find(node);
  return it == actions_.end() ? nullptr : &it->second;
}

void TriState::Declare(CLI::App* cmd, const std::string& names, const std::string& description) {
  option_ = cmd->add_option(names, text_, description)->expected(0, 1);
  name_ = names.substr(0, names.find(','));
}

Result<bool> TriState::value() const {
  const std::string t = AsciiLower(Trim(text_));
  if (t.empty() || t == "true" || t == "yes" || t == "1" || t == "enabled" || t == "y") {
    return true;
  }
  if (t == "false" || t == "no" || t == "0" || t == "disabled" || t == "n") return false;
  return UsageError("argument " + name_ + ": invalid value '" + text_ +
                    "' (choose from 'true', 'false')");
}

Result<bool> TriState::value_or(bool fallback) const {
  if (!given()) return fallback;
  return value();
}

OptionalArg* DeclareOptional(CLI::App* cmd, const std::string& names,
                             const std::string& description, OptionalArg* arg) {
  arg->option = cmd->add_option(names, arg->value, description);
  return arg;
}

bool ListArg::clears() const {
  if (!given()) return false;
  for (const std::string& v : values) {
    const std::string t = AsciiLower(Trim(v));
    if (!t.empty() && t != "null" && t != "none" && t != "\"\"") return false;
  }
  return true;
}

ListArg* DeclareList(CLI::App* cmd, const std::string& names, const std::string& description,
                     ListArg* arg) {
  arg->option = cmd->add_option(names, arg->values, description)->expected(0, -1);
  return arg;
}

Json TagsJson(const std::vector<std::string>& tags) {
  Json out = Json::object();
  for (const std::string& tag : tags) {
    if (Trim(tag).empty()) continue;
    const size_t eq = tag.find('=');
    if (eq == std::string::npos) {
      out[tag] = "";
    } else {
      out[tag.substr(0, eq)] = tag.substr(eq + 1);
    }
  }
  return out;
}

Result<std::string> Canonical(std::string_view value, const std::vector<std::string_view>& choices,
                              std::string_view arg) {
  std::string list;
  for (std::string_view choice : choices) {
    if (EqualsIgnoreCase(Trim(value), choice)) return std::string(choice);
    list += (list.empty() ? "'" : ", '") + std::string(choice) + "'";
  }
  return UsageError("argument " + std::string(arg) + ": invalid choice: '" + std::string(value) +
                    "' (choose from " + list + ")");
}

Status UsageError(std::string message) {
  return Status::InvalidArgument("UsageError", std::move(message));
}

bool SameName(const Json& item, std::string_view name) {
  return item.is_object() && item.contains("name") && item["name"].is_string() &&
         EqualsIgnoreCase(item["name"].get<std::string>(), name);
}

}  // namespace vnet::cli
