// Columns: Name, ResourceGroup, Location, ProvisioningState, then a few per resource type
// (AddressPrefix for subnets, Status for private endpoint connections, ...). Results that are not
// ARM resources (network-rule lists, `rest` answers) fall back to their scalar fields.
#include "cli/internal/output.h"

#include <algorithm>
#include <functional>
#include <set>

#include "base/strings.h"
#include "cli/internal/resource_paths.h"

namespace vnet::cli {
namespace {

struct Column {
  std::string header;
  // Dotted path below the item; "a|b" takes the first present; "@rg" is the group parsed from
  // "id"; a leading "#" shows only the last segment of the id found (a name).
  std::string path;
};

const Json* Find(const Json& item, std::string_view path) {
  const Json* node = &item;
  for (std::string_view key : Split(path, '.')) {
    if (node->is_array()) {
      if (node->empty()) return nullptr;
      node = &(*node)[0];
    }
    if (!node->is_object()) return nullptr;
    auto it = node->find(std::string(key));
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

std::string Cell(const Json& value) {
  std::string out;
  if (value.is_string()) {
    out = value.get<std::string>();
  } else if (value.is_boolean()) {
    out = value.get<bool>() ? "True" : "False";
  } else if (value.is_null()) {
    out = "";
  } else if (value.is_array()) {
    for (const Json& v : value) {
      if (!out.empty()) out += ",";
      out += v.is_object() && v.contains("id") ? Cell(v["id"]) : Cell(v);
    }
  } else if (value.is_object() && value.contains("id")) {
    out = Cell(value["id"]);
  } else {
    out = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

std::string CellAt(const Json& item, const Column& column) {
  if (column.path == "@rg") {
    return item.contains("id") && item["id"].is_string()
               ? ResourceGroupOf(item["id"].get<std::string>())
               : "";
  }
  const bool name_only = !column.path.empty() && column.path[0] == '#';
  const std::string_view paths = std::string_view(column.path).substr(name_only ? 1 : 0);
  for (std::string_view alt : Split(paths, '|')) {
    if (const Json* v = Find(item, alt)) return name_only ? LastSegment(Cell(*v)) : Cell(*v);
  }
  return "";
}

// Type-specific columns, keyed by the lower-cased ARM type suffix they apply to.
std::vector<Column> ExtraColumns(std::string_view type) {
  const std::string t = AsciiLower(type);
  auto ends = [&](std::string_view suffix) {
    return t.size() >= suffix.size() &&
           t.compare(t.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends("/privateendpointconnections")) {
    return {{"Status", "properties.privateLinkServiceConnectionState.status"},
            {"Description", "properties.privateLinkServiceConnectionState.description"}};
  }
  if (ends("network/virtualnetworks")) {
    return {{"AddressPrefixes", "properties.addressSpace.addressPrefixes"}};
  }
  if (ends("virtualnetworks/subnets")) {
    return {{"AddressPrefix", "properties.addressPrefix|properties.addressPrefixes"}};
  }
  if (ends("virtualnetworkpeerings")) {
    return {{"PeeringState", "properties.peeringState"},
            {"AllowVirtualNetworkAccess", "properties.allowVirtualNetworkAccess"},
            {"RemoteVirtualNetwork", "#properties.remoteVirtualNetwork.id"}};
  }
  if (ends("securityrules")) {
    return {{"Priority", "properties.priority"},
            {"Direction", "properties.direction"},
            {"Access", "properties.access"},
            {"Protocol", "properties.protocol"},
            {"SourceAddressPrefixes",
             "properties.sourceAddressPrefix|properties.sourceAddressPrefixes"},
            {"SourcePortRanges", "properties.sourcePortRange|properties.sourcePortRanges"},
            {"DestinationAddressPrefixes",
             "properties.destinationAddressPrefix|properties.destinationAddressPrefixes"},
            {"DestinationPortRanges",
             "properties.destinationPortRange|properties.destinationPortRanges"}};
  }
  if (ends("routetables/routes")) {
    return {{"AddressPrefix", "properties.addressPrefix"},
            {"NextHopType", "properties.nextHopType"},
            {"NextHopIpAddress", "properties.nextHopIpAddress"}};
  }
  if (ends("networkinterfaces")) {
    return {{"PrivateIpAddress", "properties.ipConfigurations.properties.privateIPAddress"},
            {"EnableIpForwarding", "properties.enableIPForwarding"}};
  }
  if (ends("publicipaddresses")) {
    return {{"IpAddress", "properties.ipAddress"},
            {"AllocationMethod", "properties.publicIPAllocationMethod"}};
  }
  if (ends("network/privateendpoints")) {
    return {{"Subnet", "#properties.subnet.id"},
            {"Status",
             "properties.privateLinkServiceConnections.properties.privateLinkServiceConnectionState"
             ".status|properties.manualPrivateLinkServiceConnections.properties."
             "privateLinkServiceConnectionState.status"}};
  }
  if (ends("privatednszones/virtualnetworklinks")) {
    return {{"RegistrationEnabled", "properties.registrationEnabled"},
            {"VirtualNetworkLinkState", "properties.virtualNetworkLinkState"}};
  }
  if (t.find("privatednszones/") != std::string::npos) {
    return {{"Fqdn", "properties.fqdn"}, {"Ttl", "properties.ttl"}};
  }
  if (ends("storageaccounts")) {
    return {{"Kind", "kind"},
            {"DefaultAction", "properties.networkAcls.defaultAction"},
            {"PublicNetworkAccess", "properties.publicNetworkAccess"}};
  }
  if (ends("keyvault/vaults")) {
    return {{"DefaultAction", "properties.networkAcls.defaultAction"}};
  }
  if (ends("servers/virtualnetworkrules")) {
    return {{"Subnet", "#properties.virtualNetworkSubnetId"},
            {"IgnoreMissingVnetServiceEndpoint", "properties.ignoreMissingVnetServiceEndpoint"}};
  }
  if (ends("servers/firewallrules")) {
    return {{"StartIpAddress", "properties.startIpAddress"},
            {"EndIpAddress", "properties.endIpAddress"}};
  }
  if (ends("serviceendpointpolicydefinitions")) {
    return {{"Service", "properties.service"}, {"ServiceResources", "properties.serviceResources"}};
  }
  return {};
}

bool IsResource(const Json& item) {
  return item.is_object() && (item.contains("id") || item.contains("name"));
}

// Azure CLI wraps some create results ({"newVNet": {...}}); tables show the resource itself.
Json Unwrap(const Json& result) {
  if (result.is_object() && result.size() == 1 && IsResource(result.begin().value())) {
    return result.begin().value();
  }
  return result;
}

Table ResourceTable(const Json& items) {
  std::vector<Column> columns = {{"Name", "name"}, {"ResourceGroup", "@rg"}};
  const bool any_location = std::any_of(items.begin(), items.end(), [](const Json& i) {
    return i.is_object() && i.contains("location");
  });
  if (any_location) columns.push_back({"Location", "location"});
  columns.push_back({"ProvisioningState", "properties.provisioningState"});
  const std::string type = items[0].is_object() ? items[0].value("type", "") : "";
  for (Column& c : ExtraColumns(type)) columns.push_back(std::move(c));
  Table table;
  for (const Column& c : columns) table.headers.push_back(c.header);
  for (const Json& item : items) {
    std::vector<std::string> row;
    for (const Column& c : columns) row.push_back(CellAt(item, c));
    table.rows.push_back(std::move(row));
  }
  return table;
}

// Rows of plain objects: one column per scalar key, in sorted order.
Table PlainTable(const std::vector<std::pair<std::string, const Json*>>& items,
                 bool with_list_column) {
  std::set<std::string> keys;
  for (const auto& [list, item] : items) {
    if (!item->is_object()) continue;
    for (const auto& [k, v] : item->items()) {
      if (!v.is_object() || v.contains("id")) keys.insert(k);
    }
  }
  Table table;
  if (with_list_column) table.headers.push_back("List");
  bool scalar_rows = keys.empty();
  if (scalar_rows) {
    table.headers.push_back("Value");
  } else {
    for (const std::string& k : keys) {
      std::string h = k;
      if (!h.empty()) h[0] = static_cast<char>(h[0] >= 'a' && h[0] <= 'z' ? h[0] - 32 : h[0]);
      table.headers.push_back(h);
    }
  }
  for (const auto& [list, item] : items) {
    std::vector<std::string> row;
    if (with_list_column) row.push_back(list);
    if (scalar_rows) {
      row.push_back(Cell(*item));
    } else {
      for (const std::string& k : keys) {
        row.push_back(item->is_object() && item->contains(k) ? Cell((*item)[k]) : "");
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::string RenderTable(const Table& table) {
  std::vector<size_t> widths(table.headers.size(), 0);
  for (size_t i = 0; i < table.headers.size(); ++i) widths[i] = table.headers[i].size();
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out += "  ";
      out += cells[i];
      if (i + 1 < cells.size()) out.append(widths[i] - cells[i].size(), ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(table.headers);
  std::vector<std::string> dashes;
  for (size_t w : widths) dashes.emplace_back(w, '-');
  out += line(dashes);
  for (const auto& row : table.rows) out += line(row);
  return out;
}

}  // namespace

Result<OutputFormat> ParseOutputFormat(std::string_view text) {
  const std::string t = AsciiLower(text);
  if (t == "json" || t == "jsonc") return OutputFormat::kJson;
  if (t == "table") return OutputFormat::kTable;
  if (t == "tsv") return OutputFormat::kTsv;
  if (t == "none") return OutputFormat::kNone;
  return Status::InvalidArgument("UsageError",
                                 "argument --output/-o: invalid choice: '" + std::string(text) +
                                     "' (choose from 'json', 'table', 'tsv', 'none')");
}

Table ToTable(const Json& raw) {
  const Json result = Unwrap(raw);
  if (result.is_null()) return {};
  if (result.is_array()) {
    if (result.empty()) return {};
    if (std::all_of(result.begin(), result.end(), IsResource)) return ResourceTable(result);
    std::vector<std::pair<std::string, const Json*>> items;
    for (const Json& item : result) items.emplace_back("", &item);
    return PlainTable(items, false);
  }
  if (IsResource(result)) return ResourceTable(Json::array({result}));
  if (result.is_object()) {
    const bool all_lists =
        !result.empty() &&
        std::all_of(result.begin(), result.end(), [](const Json& v) { return v.is_array(); });
    std::vector<std::pair<std::string, const Json*>> items;
    if (all_lists) {
      for (const auto& [key, list] : result.items()) {
        for (const Json& item : list) items.emplace_back(key, &item);
      }
      return items.empty() ? Table{} : PlainTable(items, true);
    }
    items.emplace_back("", &result);
    return PlainTable(items, false);
  }
  return Table{{"Result"}, {{Cell(result)}}};
}

std::string Render(const Json& result, OutputFormat format) {
  switch (format) {
    case OutputFormat::kNone:
      return "";
    case OutputFormat::kJson:
      return result.is_null() ? ""
                              : result.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
    case OutputFormat::kTable: {
      const Table table = ToTable(result);
      return table.headers.empty() || table.rows.empty() ? "" : RenderTable(table);
    }
    case OutputFormat::kTsv: {
      std::string out;
      for (const auto& row : ToTable(result).rows) {
        for (size_t i = 0; i < row.size(); ++i) out += (i ? "\t" : "") + row[i];
        out += "\n";
      }
      return out;
    }
  }
  return "";
}

}  // namespace vnet::cli
