// vnet::cli::Main and Run: parse with CLI11, run the selected command, print its result or the
// error. Library exceptions (CLI11 parse errors, nlohmann type errors on an unexpected server
// answer) are caught here and become exit codes; nothing else in the CLI throws.
#include "cli/main.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "cli/internal/arm_client.h"
#include "cli/internal/command_context.h"
#include "cli/internal/commands.h"
#include "cli/internal/output.h"

namespace vnet::cli {
namespace {

struct GlobalArgs {
  std::string server;
  std::string subscription;
  std::string output = "json";
  bool debug = false;
};

std::string FromEnv(const std::map<std::string, std::string>& env, const std::string& name,
                    std::string_view fallback) {
  auto it = env.find(name);
  return it != env.end() && !it->second.empty() ? it->second : std::string(fallback);
}

int Fail(const Status& status, std::ostream& err) {
  if (status.reason() == "UsageError") {
    err << "ERROR: " << status.message() << "\n";
    return 2;
  }
  err << "ERROR: (" << status.reason() << ") " << status.message() << "\n";
  return 1;
}

void BuildTree(CLI::App& app, Registry& registry) {
  RegisterCoreCommands(&app, registry);
  CLI::App* network = registry.Group(&app, "network", "Manage Azure Network resources.");
  RegisterVnetCommands(network, registry);
  RegisterNsgCommands(network, registry);
  RegisterRoutingCommands(network, registry);
  RegisterInterfaceCommands(network, registry);
  RegisterServiceEndpointCommands(network, registry);
  RegisterPrivateLinkCommands(network, registry);
  RegisterPrivateDnsCommands(network, registry);
  RegisterStorageCommands(&app, registry);
  RegisterKeyVaultCommands(&app, registry);
  RegisterSqlCommands(&app, registry);
  RegisterMessagingCommands(&app, registry);
  RegisterVmCommands(&app, registry);
  RegisterDiagnosticsCommands(&app, network, registry);
  RegisterDnsResolveCommands(&app, registry);
}

// The help text of the deepest command the parse reached.
std::string HelpOfSelected(const CLI::App& app) {
  const CLI::App* node = &app;
  for (;;) {
    auto chosen = node->get_subcommands([](const CLI::App* s) { return s->parsed(); });
    if (chosen.empty()) break;
    node = chosen.front();
  }
  return node->help();
}

int RunParsed(CLI::App& app, const Registry& registry, const GlobalArgs& globals,
              const HttpClientFactory& factory, std::ostream& out, std::ostream& err) {
  const Action* action = registry.Selected(app);
  if (action == nullptr) {
    out << HelpOfSelected(app);
    return 0;
  }
  Result<OutputFormat> format = ParseOutputFormat(globals.output);
  if (!format.ok()) return Fail(format.status(), err);
  Result<std::unique_ptr<HttpClient>> http = factory(globals.server);
  if (!http.ok()) return Fail(http.status(), err);
  ArmClient arm(**http, globals.server, globals.debug, err);
  Context ctx(arm, globals.subscription);
  Result<Json> result = (*action)(ctx);
  if (!result.ok()) return Fail(result.status(), err);
  out << Render(*result, *format);
  return 0;
}

}  // namespace

int Run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
        const HttpClientFactory& factory, std::ostream& out, std::ostream& err) {
  GlobalArgs globals;
  globals.server = FromEnv(env, "VNET_SERVER", kDefaultServer);
  globals.subscription = FromEnv(env, "VNET_SUBSCRIPTION", kDefaultSubscription);

  CLI::App app("vnet: manage vnetd's Azure-style network resources with Azure CLI's commands.",
               "vnet");
  app.fallthrough();
  app.add_option("--server", globals.server,
                 "vnetd URL (env VNET_SERVER, default http://127.0.0.1:8480).");
  app.add_option("--subscription", globals.subscription,
                 "Subscription id (env VNET_SUBSCRIPTION).");
  app.add_option("-o,--output", globals.output, "Output format: json, table, tsv or none.");
  app.add_flag("--debug", globals.debug, "Print every HTTP request and response to stderr.");
  app.add_flag(std::string("--only-show-errors,--verbose"))
      ->description("Accepted for Azure CLI compatibility.");
  Registry registry;
  BuildTree(app, registry);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << HelpOfSelected(app);
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::ExtrasError&) {
    // CLI11 names the leftovers in parse (reversed) order; say them as the user typed them.
    std::string extras;
    for (const std::string& arg : app.remaining(true)) extras += " " + arg;
    err << "ERROR: unrecognized arguments:" << extras << "\n";
    return 2;
  } catch (const CLI::ParseError& e) {
    err << "ERROR: " << e.what() << "\n";
    return 2;
  }
  try {
    return RunParsed(app, registry, globals, factory, out, err);
  } catch (const nlohmann::json::exception& e) {
    err << "ERROR: (InvalidResponse) unexpected JSON: " << e.what() << "\n";
    return 1;
  }
}

int Main(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  std::map<std::string, std::string> env;
  for (const char* name : {"VNET_SERVER", "VNET_SUBSCRIPTION"}) {
    if (const char* value = std::getenv(name)) env[name] = value;
  }
  return Run(args, env, NewHttplibClient, std::cout, std::cerr);
}

}  // namespace vnet::cli
