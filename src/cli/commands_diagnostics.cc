// Diagnostics commands over vnetd's Network Watcher API, as Azure CLI has them: `network nic
// show-effective-route-table`, `network nic list-effective-nsg`, `network watcher test-ip-flow`,
// `show-next-hop`, `test-connectivity` (the watcher found by the VM's region, as az does), and
// vnetd's `analyze who-can-reach` / `analyze exfiltration`. -o table/tsv get readable rows.
#include <memory>

#include "base/strings.h"
#include "cli/internal/commands.h"
#include "cli/internal/output_choice.h"

namespace vnet::cli {
namespace {

constexpr std::string_view kNicType = "Microsoft.Network/networkInterfaces";
constexpr std::string_view kVmType = "Microsoft.Compute/virtualMachines";
constexpr std::string_view kWatcherType = "Microsoft.Network/networkWatchers";

std::string Text(const Json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_array()) {
    std::string out;
    for (const Json& v : j) out += (out.empty() ? "" : ", ") + Text(v);
    return out;
  }
  return j.is_null() ? "" : j.dump();
}

// The value of `key` or `key`s (one field or the list form of an effective rule field).
std::string OneOrMany(const Json& rule, const std::string& key) {
  if (rule.contains(key)) return Text(rule[key]);
  if (rule.contains(key + "es")) return Text(rule[key + "es"]);
  return rule.contains(key + "s") ? Text(rule[key + "s"]) : "";
}

Json RouteRows(const Json& answer) {
  Json rows = Json::array();
  for (const Json& r : answer.value("value", Json::array())) {
    rows.push_back(Json{{"source", Text(r.value("source", Json()))},
                        {"state", Text(r.value("state", Json()))},
                        {"addressPrefix", Text(r.value("addressPrefix", Json()))},
                        {"nextHopType", Text(r.value("nextHopType", Json()))},
                        {"nextHopIp", Text(r.value("nextHopIpAddress", Json()))}});
  }
  return rows;
}

Json NsgRows(const Json& answer) {
  Json rows = Json::array();
  const Json groups = answer.value("value", Json::array());
  for (const Json& g : groups) {
    std::string nsg = LastSegment(Text(g["networkSecurityGroup"].value("id", Json())));
    std::string association;
    const Json associations = g.value("association", Json::object());
    for (const auto& [kind, ref] : associations.items()) {
      association = kind + " " + LastSegment(Text(ref.value("id", Json())));
    }
    const Json rules = g.value("effectiveSecurityRules", Json::array());
    for (const Json& r : rules) {
      rows.push_back(Json{{"nsg", nsg},
                          {"association", association},
                          {"rule", Text(r.value("name", Json()))},
                          {"direction", Text(r.value("direction", Json()))},
                          {"priority", r.value("priority", 0)},
                          {"access", Text(r.value("access", Json()))},
                          {"protocol", Text(r.value("protocol", Json()))},
                          {"source", OneOrMany(r, "sourceAddressPrefix")},
                          {"sourcePorts", OneOrMany(r, "sourcePortRange")},
                          {"destination", OneOrMany(r, "destinationAddressPrefix")},
                          {"destinationPorts", OneOrMany(r, "destinationPortRange")}});
    }
  }
  return rows;
}

// The trace as numbered rows: the outcome first, then each step, then what would have to change.
Json TraceRows(const std::string& status, const Json& trace) {
  Json rows = Json::array();
  rows.push_back(Json{{"n", "0"},
                      {"step", "result"},
                      {"summary", status + " (" + Text(trace.value("outcome", Json())) + ": " +
                                      Text(trace.value("reason", Json())) + ")"}});
  int n = 1;
  for (const Json& s : trace.value("steps", Json::array())) {
    rows.push_back(Json{{"n", std::to_string(n++)},
                        {"step", Text(s.value("step", Json()))},
                        {"summary", Text(s.value("summary", Json()))}});
  }
  for (const Json& r : trace.value("remedies", Json::array())) {
    rows.push_back(Json{{"n", "-"}, {"step", "remedy"}, {"summary", Text(r)}});
  }
  return rows;
}

Json AnalysisRows(const Json& answer) {
  Json rows = Json::array();
  for (const Json& r : answer.value("value", Json::array())) {
    std::string source = Text(r.value("source", Json()));
    rows.push_back(Json{{"source", source.empty() ? "" : LastSegment(source)},
                        {"sourceAddress", Text(r.value("sourceAddress", Json()))},
                        {"destination", LastSegment(Text(r.value("destinationResource", Json())))},
                        {"destinationAddress", Text(r.value("destinationAddress", Json()))},
                        {"via", LastSegment(Text(r.value("via", Json())))},
                        {"outcome", Text(r.value("outcome", Json()))},
                        {"reason", Text(r.value("reason", Json()))},
                        {"route", Text(r.value("route", Json()))}});
  }
  return rows;
}

// The network watcher of `region` in the subscription, as az finds it.
Result<std::string> WatcherFor(Context& ctx, const std::string& region) {
  VNET_ASSIGN_OR_RETURN(Json watchers, ctx.arm().List(ListPath(ctx.ScopeFor(""), kWatcherType)));
  const std::string want = AsciiLower(region);
  for (const Json& w : watchers) {
    if (AsciiLower(w.value("location", "")) == want) return w.value("id", "");
  }
  return Status::FailedPrecondition("NetworkWatcherNotFound",
                                    "network watcher is not enabled for region '" + region + "'.");
}

Result<std::string> LocationOf(Context& ctx, const std::string& id) {
  VNET_ASSIGN_OR_RETURN(Json resource, ctx.arm().Get(id));
  return resource.value("location", "");
}

// "10.0.0.4:60000" -> ("10.0.0.4", "60000").
Result<std::pair<std::string, std::string>> IpAndPort(const std::string& text, const char* arg) {
  size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return UsageError(std::string("usage error: ") + arg + " must be IP_ADDRESS:PORT");
  }
  return std::make_pair(text.substr(0, colon), text.substr(colon + 1));
}

struct NicArgs {
  std::string resource_group, name;
};

struct FlowArgs {
  std::string resource_group, vm, nic, direction, protocol, local, remote, source_ip, dest_ip;
};

struct ConnectivityArgs {
  std::string resource_group, source_resource, dest_resource, dest_address, protocol;
  int source_port = -1, dest_port = -1;
};

struct AnalyzeArgs {
  std::string resource;
  int port = 443;
};

void AddNicCommands(CLI::App* nic, const OutputChoice& out, Registry& registry) {
  struct Spec {
    const char* command;
    const char* description;
    const char* operation;
    Json (*rows)(const Json&);
  };
  static constexpr Spec kSpecs[] = {
      {"show-effective-route-table", "Show the effective route table of a NIC.",
       "effectiveRouteTable", RouteRows},
      {"list-effective-nsg", "List the effective network security groups of a NIC.",
       "effectiveNetworkSecurityGroups", NsgRows},
  };
  for (const Spec& spec : kSpecs) {
    auto a = std::make_shared<NicArgs>();
    CLI::App* cmd = registry.Command(
        nic, spec.command, spec.description, [a, out, spec](Context& ctx) -> Result<Json> {
          const std::string id = ResourceId(ctx.ScopeFor(a->resource_group), kNicType, a->name);
          VNET_ASSIGN_OR_RETURN(Json answer,
                                ctx.arm().Post(id + "/" + spec.operation, Json::object()));
          return out.tabular() ? spec.rows(answer) : answer;
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of resource group.")
        ->required();
    cmd->add_option("-n,--name", a->name, "Name of the network interface (NIC).")->required();
  }
}

void AddWatcherCommands(CLI::App* watcher, const OutputChoice& out, Registry& registry) {
  {
    auto a = std::make_shared<FlowArgs>();
    CLI::App* cmd = registry.Command(
        watcher, "test-ip-flow",
        "Test IP flow to/from a VM given the currently configured network security group rules.",
        [a](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          const std::string vm = NameOrId(a->vm, scope, kVmType);
          VNET_ASSIGN_OR_RETURN(std::string direction,
                                Canonical(a->direction, {"Inbound", "Outbound"}, "--direction"));
          VNET_ASSIGN_OR_RETURN(std::string protocol,
                                Canonical(a->protocol, {"TCP", "UDP"}, "--protocol"));
          VNET_ASSIGN_OR_RETURN(auto local, IpAndPort(a->local, "--local"));
          VNET_ASSIGN_OR_RETURN(auto remote, IpAndPort(a->remote, "--remote"));
          VNET_ASSIGN_OR_RETURN(std::string location, LocationOf(ctx, vm));
          VNET_ASSIGN_OR_RETURN(std::string nw, WatcherFor(ctx, location));
          Json body{{"targetResourceId", vm},     {"direction", direction},
                    {"protocol", protocol},       {"localIPAddress", local.first},
                    {"localPort", local.second},  {"remoteIPAddress", remote.first},
                    {"remotePort", remote.second}};
          if (!a->nic.empty()) body["targetNicResourceId"] = NameOrId(a->nic, scope, kNicType);
          return ctx.arm().Post(nw + "/ipFlowVerify", body);
        });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of the VM's resource group.");
    cmd->add_option("--vm", a->vm, "Name or ID of the VM to target.")->required();
    cmd->add_option("--direction", a->direction, "Direction of the flow: Inbound, Outbound.")
        ->required();
    cmd->add_option("--protocol", a->protocol, "Protocol to test: TCP, UDP.")->required();
    cmd->add_option("--local", a->local,
                    "The private IPv4 address and port of the VM's NIC: "
                    "IP:PORT.")
        ->required();
    cmd->add_option("--remote", a->remote, "The IPv4 address and port of the remote end: IP:PORT.")
        ->required();
    cmd->add_option("--nic", a->nic, "Name or ID of the NIC to test (multi-NIC VMs).");
  }
  {
    auto a = std::make_shared<FlowArgs>();
    CLI::App* cmd =
        registry.Command(watcher, "show-next-hop", "Get information on the 'next hop' of a VM.",
                         [a](Context& ctx) -> Result<Json> {
                           const Scope scope = ctx.ScopeFor(a->resource_group);
                           const std::string vm = NameOrId(a->vm, scope, kVmType);
                           VNET_ASSIGN_OR_RETURN(std::string location, LocationOf(ctx, vm));
                           VNET_ASSIGN_OR_RETURN(std::string nw, WatcherFor(ctx, location));
                           Json body{{"targetResourceId", vm},
                                     {"sourceIPAddress", a->source_ip},
                                     {"destinationIPAddress", a->dest_ip}};
                           if (!a->nic.empty())
                             body["targetNicResourceId"] = NameOrId(a->nic, scope, kNicType);
                           return ctx.arm().Post(nw + "/nextHop", body);
                         });
    cmd->add_option("-g,--resource-group", a->resource_group, "Name of the VM's resource group.");
    cmd->add_option("--vm", a->vm, "Name or ID of the VM to target.")->required();
    cmd->add_option("--source-ip", a->source_ip, "Source IPv4 address.")->required();
    cmd->add_option("--dest-ip", a->dest_ip, "Destination IPv4 address.")->required();
    cmd->add_option("--nic", a->nic, "Name or ID of the NIC to test (multi-NIC VMs).");
  }
  {
    auto a = std::make_shared<ConnectivityArgs>();
    CLI::App* cmd = registry.Command(
        watcher, "test-connectivity",
        "Test if a connection can be established between a VM and an endpoint (with vnetd's "
        "trace of every step).",
        [a, out](Context& ctx) -> Result<Json> {
          const Scope scope = ctx.ScopeFor(a->resource_group);
          const std::string source = NameOrId(a->source_resource, scope, kVmType);
          if (a->dest_address.empty() == a->dest_resource.empty()) {
            return UsageError("usage error: --dest-address ADDRESS | --dest-resource NAME_OR_ID");
          }
          VNET_ASSIGN_OR_RETURN(std::string location, LocationOf(ctx, source));
          VNET_ASSIGN_OR_RETURN(std::string nw, WatcherFor(ctx, location));
          Json src{{"resourceId", source}};
          if (a->source_port >= 0) src["port"] = a->source_port;
          Json dest = Json::object();
          if (!a->dest_resource.empty()) {
            dest["resourceId"] = NameOrId(a->dest_resource, scope, kVmType);
          } else {
            dest["address"] = a->dest_address;
          }
          if (a->dest_port >= 0) dest["port"] = a->dest_port;
          Json body{{"source", src}, {"destination", dest}};
          if (!a->protocol.empty()) {
            VNET_ASSIGN_OR_RETURN(
                std::string protocol,
                Canonical(a->protocol, {"Tcp", "Http", "Https", "Icmp"}, "--protocol"));
            body["protocol"] = protocol;
          }
          VNET_ASSIGN_OR_RETURN(Json answer, ctx.arm().Post(nw + "/connectivityCheck", body));
          if (!out.tabular()) return answer;
          return TraceRows(Text(answer.value("connectionStatus", Json())),
                           answer.value("vnetdTrace", Json::object()));
        });
    cmd->add_option("-g,--resource-group", a->resource_group,
                    "Name of the resource group of the source (and of a named destination).");
    cmd->add_option("--source-resource", a->source_resource, "Name or ID of the source VM.")
        ->required();
    cmd->add_option("--source-port", a->source_port, "Port number from which to originate.");
    cmd->add_option("--dest-resource", a->dest_resource,
                    "Name or ID of the destination resource (a VM by name; any id).");
    cmd->add_option("--dest-address", a->dest_address, "IP address or URI of the destination.");
    cmd->add_option("--dest-port", a->dest_port, "Port number on which to connect.");
    cmd->add_option("--protocol", a->protocol, "Protocol to test: Tcp, Http, Https, Icmp.");
  }
}

void AddAnalyzeCommands(CLI::App* root, const OutputChoice& out, Registry& registry) {
  CLI::App* analyze = registry.Group(root, "analyze",
                                     "vnetd analyses: who can reach a resource, where a "
                                     "subnet can send data.");
  {
    auto a = std::make_shared<AnalyzeArgs>();
    CLI::App* cmd = registry.Command(
        analyze, "who-can-reach",
        "Every NIC, the internet and every on-premises site: can each reach the resource?",
        [a, out](Context& ctx) -> Result<Json> {
          VNET_ASSIGN_OR_RETURN(
              Json answer, ctx.arm().Post(SubscriptionPath(ctx.subscription()) +
                                              "/providers/Microsoft.Network/analyze/whoCanReach",
                                          Json{{"resourceId", a->resource}, {"port", a->port}}));
          return out.tabular() ? AnalysisRows(answer) : answer;
        });
    cmd->add_option("resource", a->resource, "ID of the resource (VM, NIC, service resource).")
        ->required();
    cmd->add_option("--port", a->port, "Destination port (default 443).");
  }
  {
    auto a = std::make_shared<AnalyzeArgs>();
    CLI::App* cmd = registry.Command(
        analyze, "exfiltration",
        "Every service resource, private endpoint and public IP a subnet's NICs can reach.",
        [a, out](Context& ctx) -> Result<Json> {
          VNET_ASSIGN_OR_RETURN(
              Json answer, ctx.arm().Post(SubscriptionPath(ctx.subscription()) +
                                              "/providers/Microsoft.Network/analyze/exfiltration",
                                          Json{{"subnetId", a->resource}, {"port", a->port}}));
          return out.tabular() ? AnalysisRows(answer) : answer;
        });
    cmd->add_option("subnet", a->resource, "ID of the subnet.")->required();
    cmd->add_option("--port", a->port, "Destination port (default 443).");
  }
}

// The existing group `name` under `parent` (added by another family), or a new one.
CLI::App* GroupOf(CLI::App* parent, const std::string& name, const std::string& description,
                  Registry& registry) {
  for (CLI::App* sub : parent->get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == name) return sub;
  }
  return registry.Group(parent, name, description);
}

}  // namespace

void RegisterDiagnosticsCommands(CLI::App* root, CLI::App* network, Registry& registry) {
  const OutputChoice out(root);
  AddNicCommands(GroupOf(network, "nic", "Manage network interfaces.", registry), out, registry);
  AddWatcherCommands(GroupOf(network, "watcher", "Manage Network Watcher.", registry), out,
                     registry);
  AddAnalyzeCommands(root, out, registry);
}

}  // namespace vnet::cli
