// `vnet network private-dns zone ...`, `private-dns link vnet ...` and `private-dns record-set
// <type> ...`. Creates send If-None-Match: * as Azure CLI does; add-record/remove-record are
// read-modify-write of the record set (creating it on first add, deleting it when the last record
// goes unless --keep-empty-record-set).
#include <memory>

#include "base/strings.h"
#include "cli/internal/body_helpers.h"
#include "cli/internal/commands.h"
#include "cli/internal/standard_commands.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kZoneType = "Microsoft.Network/privateDnsZones";
const Headers kIfNoneMatch = {{"If-None-Match", "*"}};

struct ZoneArgs {
  std::string resource_group, name;
  std::vector<std::string> tags;
};

void AddZoneCommands(CLI::App* dns, Registry& registry) {
  CLI::App* zone = registry.Group(dns, "zone", "Manage private DNS zones.");
  auto declare = [](CLI::App* cmd, ZoneArgs* a) {
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-n,--name", a->name,
                    "Name of the zone, e.g. privatelink.blob.core.windows.net.")
        ->required();
    cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
  };
  {
    auto a = std::make_shared<ZoneArgs>();
    CLI::App* cmd = registry.Command(
        zone, "create", "Create a private DNS zone.", [a](Context& ctx) -> Result<Json> {
          Json body = {{"location", "global"}};
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Put(ResourceId(ctx.ScopeFor(a->resource_group), kZoneType, a->name),
                               body, kIfNoneMatch);
        });
    declare(cmd, a.get());
  }
  {
    auto a = std::make_shared<ZoneArgs>();
    CLI::App* cmd = registry.Command(
        zone, "update", "Update a private DNS zone's tags.", [a](Context& ctx) -> Result<Json> {
          const std::string id = ResourceId(ctx.ScopeFor(a->resource_group), kZoneType, a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = {{"location", current.value("location", "global")},
                       {"tags", TagsJson(a->tags)}};
          return ctx.arm().Patch(id, body);
        });
    declare(cmd, a.get());
  }
  AddStandardVerbs(registry, zone, {std::string(kZoneType), "", ""});
}

struct LinkArgs {
  std::string resource_group, zone, name, vnet;
  std::vector<std::string> tags;
  TriState registration;
};

void AddLinkCommands(CLI::App* dns, Registry& registry) {
  CLI::App* link =
      registry.Group(dns, "link", "Manage virtual network links to private DNS zones.");
  CLI::App* vnet = registry.Group(link, "vnet", "Manage virtual network links.");
  auto declare = [](CLI::App* cmd, LinkArgs* a, bool create) {
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-z,--zone-name", a->zone, "Name of the private DNS zone.")->required();
    cmd->add_option("-n,--name", a->name, "Name of the link.")->required();
    a->registration.Declare(cmd, "-e,--registration-enabled",
                            "Register the linked VNet's VMs in the zone (true/false).");
    cmd->add_option("--tags", a->tags, "Space-separated tags: key[=value].");
    if (create) {
      cmd->add_option("-v,--virtual-network", a->vnet, "Name or id of the virtual network.")
          ->required();
    }
  };
  {
    auto a = std::make_shared<LinkArgs>();
    CLI::App* cmd = registry.Command(
        vnet, "create", "Link a virtual network to a zone.", [a](Context& ctx) -> Result<Json> {
          if (!a->registration.given()) {
            return UsageError("the following arguments are required: --registration-enabled/-e");
          }
          VNET_ASSIGN_OR_RETURN(bool registration, a->registration.value());
          const Scope scope = ctx.ScopeFor(a->resource_group);
          Json body = {
              {"location", "global"},
              {"properties",
               {{"registrationEnabled", registration},
                {"virtualNetwork", IdRef(a->vnet, scope, "Microsoft.Network/virtualNetworks")}}}};
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Put(
              ChildId(ResourceId(scope, kZoneType, a->zone), "virtualNetworkLinks", a->name), body,
              kIfNoneMatch);
        });
    declare(cmd, a.get(), true);
  }
  {
    auto a = std::make_shared<LinkArgs>();
    CLI::App* cmd = registry.Command(
        vnet, "update", "Update a virtual network link.", [a](Context& ctx) -> Result<Json> {
          const std::string id =
              ChildId(ResourceId(ctx.ScopeFor(a->resource_group), kZoneType, a->zone),
                      "virtualNetworkLinks", a->name);
          VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
          Json body = {{"location", current.value("location", "global")}};
          if (current.contains("etag")) body["etag"] = current["etag"];
          if (current.contains("tags")) body["tags"] = current["tags"];
          Json props = Json::object();
          if (current.contains("properties") && current["properties"].is_object()) {
            for (const char* key : {"virtualNetwork", "registrationEnabled"}) {
              if (current["properties"].contains(key)) props[key] = current["properties"][key];
            }
          }
          if (a->registration.given()) {
            VNET_ASSIGN_OR_RETURN(bool registration, a->registration.value());
            props["registrationEnabled"] = registration;
          }
          body["properties"] = props;
          if (!a->tags.empty()) body["tags"] = TagsJson(a->tags);
          return ctx.arm().Patch(id, body);
        });
    declare(cmd, a.get(), false);
  }
  AddStandardVerbs(registry, vnet,
                   {std::string(kZoneType), "-z,--zone-name", "virtualNetworkLinks"});
}

// One record type: its ARM segment, the property holding its records, and how the record-level
// arguments become one record.
struct RecordType {
  std::string command;  // "a"
  std::string segment;  // "A"
  std::string list;     // "aRecords"; "cnameRecord" for the single-valued CNAME
};

struct RecordArgs {
  std::string resource_group, zone, name;
  int ttl = 3600;
  std::vector<std::string> metadata;
  // Record fields; which ones apply depends on the type.
  std::string ipv4, ipv6, cname, exchange, ptrdname, target;
  int preference = 0, priority = 0, weight = 0, port = 0;
  std::vector<std::string> txt_values;
  bool keep_empty = false;
};

Json RecordJson(const RecordType& type, const RecordArgs& a) {
  if (type.command == "a") return {{"ipv4Address", a.ipv4}};
  if (type.command == "aaaa") return {{"ipv6Address", a.ipv6}};
  if (type.command == "cname") return {{"cname", a.cname}};
  if (type.command == "mx") return {{"exchange", a.exchange}, {"preference", a.preference}};
  if (type.command == "ptr") return {{"ptrdname", a.ptrdname}};
  if (type.command == "srv") {
    return {{"port", a.port}, {"priority", a.priority}, {"target", a.target}, {"weight", a.weight}};
  }
  return {{"value", a.txt_values}};  // txt
}

void DeclareRecordFields(CLI::App* cmd, const RecordType& type, RecordArgs* a) {
  if (type.command == "a") {
    cmd->add_option("-a,--ipv4-address", a->ipv4, "IPv4 address of the record.")->required();
  } else if (type.command == "aaaa") {
    cmd->add_option("-a,--ipv6-address", a->ipv6, "IPv6 address of the record.")->required();
  } else if (type.command == "cname") {
    cmd->add_option("-c,--cname", a->cname, "Canonical name of the record.")->required();
  } else if (type.command == "mx") {
    cmd->add_option("-e,--exchange", a->exchange, "Exchange host.")->required();
    cmd->add_option("-p,--preference", a->preference, "Preference value.")->required();
  } else if (type.command == "ptr") {
    cmd->add_option("-d,--ptrdname", a->ptrdname, "PTR target domain name.")->required();
  } else if (type.command == "srv") {
    cmd->add_option("-t,--target", a->target, "Target host.")->required();
    cmd->add_option("-r,--port", a->port, "Service port.")->required();
    cmd->add_option("-p,--priority", a->priority, "Priority.")->required();
    cmd->add_option("-w,--weight", a->weight, "Weight.")->required();
  } else {
    cmd->add_option("-v,--value", a->txt_values, "Text value(s) of the record.")->required();
  }
}

void DeclareRecordSetTarget(CLI::App* cmd, RecordArgs* a) {
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-z,--zone-name", a->zone, "Name of the private DNS zone.")->required();
  cmd->add_option("-n,--record-set-name,--name", a->name, "Name of the record set (@ for apex).")
      ->required();
}

std::string RecordSetId(const Context& ctx, const RecordType& type, const RecordArgs& a) {
  return ChildId(ResourceId(ctx.ScopeFor(a.resource_group), kZoneType, a.zone), type.segment,
                 a.name);
}

// The PUT body for a record set read back from the server: etag and writable properties only.
Json RecordSetBody(const Json& current) {
  Json body = Json::object();
  if (current.contains("etag")) body["etag"] = current["etag"];
  Json props = current.contains("properties") && current["properties"].is_object()
                   ? current["properties"]
                   : Json::object();
  props.erase("fqdn");
  props.erase("isAutoRegistered");
  body["properties"] = props;
  return body;
}

bool IsEmptyRecordSet(const RecordType& type, const Json& props) {
  if (!props.contains(type.list)) return true;
  const Json& records = props[type.list];
  return records.is_null() || (records.is_array() && records.empty());
}

void AddRecordSetType(CLI::App* record_set, Registry& registry, const RecordType& type) {
  CLI::App* group =
      registry.Group(record_set, type.command, "Manage " + type.segment + " record sets.");
  {
    auto a = std::make_shared<RecordArgs>();
    CLI::App* cmd = registry.Command(
        group, "create", "Create an empty record set.", [a, type](Context& ctx) -> Result<Json> {
          Json props = {{"ttl", a->ttl}};
          if (!a->metadata.empty()) props["metadata"] = TagsJson(a->metadata);
          return ctx.arm().Put(RecordSetId(ctx, type, *a), Json{{"properties", props}},
                               kIfNoneMatch);
        });
    DeclareRecordSetTarget(cmd, a.get());
    cmd->add_option("--ttl", a->ttl, "TTL in seconds (default 3600).");
    cmd->add_option("--metadata", a->metadata, "Metadata: key[=value] ...");
  }
  {
    auto a = std::make_shared<RecordArgs>();
    const bool single = type.command == "cname";
    CLI::App* cmd = registry.Command(
        group, single ? "set-record" : "add-record",
        single ? "Set the CNAME record of a record set." : "Add a record to a record set.",
        [a, type](Context& ctx) -> Result<Json> {
          const std::string id = RecordSetId(ctx, type, *a);
          Result<Json> current = ctx.arm().Get(id);
          Json body;
          Headers headers;
          if (current.ok()) {
            body = RecordSetBody(*current);
          } else if (current.status().code() == StatusCode::kNotFound) {
            body = {{"properties", {{"ttl", 3600}}}};
            headers = kIfNoneMatch;
          } else {
            return current.status();
          }
          Json& props = body["properties"];
          const Json record = RecordJson(type, *a);
          if (type.command == "cname") {
            props[type.list] = record;
          } else {
            if (!props.contains(type.list) || !props[type.list].is_array()) {
              props[type.list] = Json::array();
            }
            bool present = false;
            for (const Json& r : props[type.list]) present = present || r == record;
            if (!present) props[type.list].push_back(record);
          }
          return ctx.arm().Put(id, body, headers);
        });
    DeclareRecordSetTarget(cmd, a.get());
    DeclareRecordFields(cmd, type, a.get());
  }
  {
    auto a = std::make_shared<RecordArgs>();
    CLI::App* cmd =
        registry.Command(group, "remove-record", "Remove a record from a record set.",
                         [a, type](Context& ctx) -> Result<Json> {
                           const std::string id = RecordSetId(ctx, type, *a);
                           VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
                           Json body = RecordSetBody(current);
                           Json& props = body["properties"];
                           const Json record = RecordJson(type, *a);
                           if (type.command == "cname") {
                             if (props.contains(type.list) && props[type.list] == record)
                               props.erase(type.list);
                           } else if (props.contains(type.list) && props[type.list].is_array()) {
                             Json kept = Json::array();
                             for (const Json& r : props[type.list]) {
                               if (r != record) kept.push_back(r);
                             }
                             props[type.list] = kept;
                           }
                           if (IsEmptyRecordSet(type, props) && !a->keep_empty) {
                             VNET_RETURN_IF_ERROR(ctx.arm().Delete(id));
                             return Json(nullptr);
                           }
                           return ctx.arm().Put(id, body);
                         });
    DeclareRecordSetTarget(cmd, a.get());
    DeclareRecordFields(cmd, type, a.get());
    cmd->add_flag("--keep-empty-record-set", a->keep_empty,
                  "Keep the record set when its last record is removed.");
  }
  {
    auto a = std::make_shared<RecordArgs>();
    CLI::App* cmd = registry.Command(group, "update", "Update a record set's metadata.",
                                     [a, type](Context& ctx) -> Result<Json> {
                                       const std::string id = RecordSetId(ctx, type, *a);
                                       VNET_ASSIGN_OR_RETURN(Json current, ctx.arm().Get(id));
                                       Json body = RecordSetBody(current);
                                       if (!a->metadata.empty())
                                         body["properties"]["metadata"] = TagsJson(a->metadata);
                                       return ctx.arm().Put(id, body);
                                     });
    DeclareRecordSetTarget(cmd, a.get());
    cmd->add_option("--metadata", a->metadata, "Metadata: key[=value] ...");
  }
  {
    auto a = std::make_shared<RecordArgs>();
    CLI::App* cmd = registry.Command(
        group, "list", "List record sets of this type in a zone.",
        [a, type](Context& ctx) -> Result<Json> {
          return ctx.arm().List(ResourceId(ctx.ScopeFor(a->resource_group), kZoneType, a->zone) +
                                "/" + type.segment);
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-z,--zone-name", a->zone, "Name of the private DNS zone.")->required();
  }
  AddStandardVerbs(registry, group, {std::string(kZoneType), "-z,--zone-name", type.segment},
                   kShow | kDelete);
}

void AddRecordSetCommands(CLI::App* dns, Registry& registry) {
  CLI::App* record_set = registry.Group(dns, "record-set", "Manage record sets in a zone.");
  const RecordType kTypes[] = {{"a", "A", "aRecords"},
                               {"aaaa", "AAAA", "aaaaRecords"},
                               {"cname", "CNAME", "cnameRecord"},
                               {"mx", "MX", "mxRecords"},
                               {"ptr", "PTR", "ptrRecords"},
                               {"srv", "SRV", "srvRecords"},
                               {"txt", "TXT", "txtRecords"}};
  for (const RecordType& type : kTypes) AddRecordSetType(record_set, registry, type);
  auto a = std::make_shared<RecordArgs>();
  CLI::App* cmd = registry.Command(
      record_set, "list", "List all record sets in a zone.", [a](Context& ctx) -> Result<Json> {
        return ctx.arm().List(ResourceId(ctx.ScopeFor(a->resource_group), kZoneType, a->zone) +
                              "/ALL");
      });
  cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")->required();
  cmd->add_option("-z,--zone-name", a->zone, "Name of the private DNS zone.")->required();
}

}  // namespace

void RegisterPrivateDnsCommands(CLI::App* network, Registry& registry) {
  CLI::App* dns = registry.Group(network, "private-dns", "Manage private DNS zones.");
  AddZoneCommands(dns, registry);
  AddLinkCommands(dns, registry);
  AddRecordSetCommands(dns, registry);
}

}  // namespace vnet::cli
