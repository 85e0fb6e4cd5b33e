// What every command shares: the ARM client and subscription (Context), the table of leaf
// commands and their actions (Registry), and helpers that declare Azure CLI's common arguments
// (-g, -n, -l, --tags, three-state booleans) on a CLI11 command.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "cli/internal/arm_client.h"
#include "cli/internal/resource_paths.h"

namespace vnet::cli {

class Context {
 public:
  Context(ArmClient& arm, std::string subscription)
      : arm_(arm), subscription_(std::move(subscription)) {}

  ArmClient& arm() { return arm_; }
  const std::string& subscription() const { return subscription_; }
  Scope ScopeFor(std::string_view resource_group) const {
    return Scope{subscription_, std::string(resource_group)};
  }
  // The resource group's location (one GET per group per run), as Azure CLI defaults a new
  // resource's location. kNotFound when the group does not exist.
  Result<std::string> GroupLocation(std::string_view resource_group);
  // `location` when given, else the group's.
  Result<std::string> LocationOr(std::string_view location, std::string_view resource_group);

 private:
  ArmClient& arm_;
  std::string subscription_;
  std::map<std::string, std::string> group_locations_;
};

// A leaf command's work: returns what to print (null prints nothing).
using Action = std::function<Result<Json>(Context&)>;

// Maps each leaf CLI11 command to its action; Main runs the one the user selected.
class Registry {
 public:
  // Adds a command group (a node with subcommands, no action of its own).
  CLI::App* Group(CLI::App* parent, std::string name, std::string description);
  // Adds a leaf command; `action` runs after parsing if the user chose this command.
  CLI::App* Command(CLI::App* parent, std::string name, std::string description, Action action);
  // The action for the deepest command the parse selected, or nullptr (a group was chosen).
  const Action* Selected(const CLI::App& root) const;

 private:
  std::map<const CLI::App*, Action> actions_;
};

// A three-state boolean argument as Azure CLI has them: absent, "--flag", "--flag true|false".
class TriState {
 public:
  // Declares `flag` on `cmd`; `aliases` are extra comma-separated names ("--flag,--alias").
  void Declare(CLI::App* cmd, const std::string& names, const std::string& description);
  bool given() const { return option_ != nullptr && option_->count() > 0; }
  // The value: true for a bare flag; kInvalidArgument ("UsageError") for an unreadable word.
  Result<bool> value() const;
  // given() ? value() : fallback.
  Result<bool> value_or(bool fallback) const;

 private:
  CLI::Option* option_ = nullptr;
  std::string text_;
  std::string name_;
};

// An optional string argument that remembers whether it was given (so "" can mean "clear").
struct OptionalArg {
  CLI::Option* option = nullptr;
  std::string value;
  bool given() const { return option != nullptr && option->count() > 0; }
};
OptionalArg* DeclareOptional(CLI::App* cmd, const std::string& names,
                             const std::string& description, OptionalArg* arg);

// A list argument ("--service-endpoints A B"), remembering whether it was given.
struct ListArg {
  CLI::Option* option = nullptr;
  std::vector<std::string> values;
  bool given() const { return option != nullptr && option->count() > 0; }
  // Given as nothing, "" or "null": Azure CLI's way to clear a list.
  bool clears() const;
};
ListArg* DeclareList(CLI::App* cmd, const std::string& names, const std::string& description,
                     ListArg* arg);

// --tags a=b c=d -> {"a":"b","c":"d"}; "" -> {}.
Json TagsJson(const std::vector<std::string>& tags);

// `value` spelled as the matching entry of `choices` (compared case-insensitively), as Azure CLI
// canonicalises enum arguments ("allow" -> "Allow"). UsageError naming `arg` when none matches.
Result<std::string> Canonical(std::string_view value, const std::vector<std::string_view>& choices,
                              std::string_view arg);

// kInvalidArgument with reason "UsageError": Main prints it and exits 2.
Status UsageError(std::string message);

// Lower-cased ARM "name" or "" for objects without one; used to match list entries.
bool SameName(const Json& item, std::string_view name);

}  // namespace vnet::cli
