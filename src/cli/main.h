// The `vnet` command-line client: Azure CLI's verbs and flags against a vnetd server.
// Main() is what src/app/vnet_main.cc calls; Run() is the same program with its inputs injected
// (arguments, environment, HTTP client, output streams) so tests drive it without a server.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "cli/http_client.h"

namespace vnet::cli {

constexpr std::string_view kDefaultServer = "http://127.0.0.1:8480";
constexpr std::string_view kDefaultSubscription = "00000000-0000-0000-0000-000000000000";

using HttpClientFactory =
    std::function<Result<std::unique_ptr<HttpClient>>(std::string_view server)>;

// Runs one command. `args` excludes the program name; `env` supplies VNET_SERVER and
// VNET_SUBSCRIPTION. Returns the exit code: 0 success, 1 error (printed to `err` as
// "ERROR: (<code>) <message>"), 2 bad usage.
int Run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
        const HttpClientFactory& factory, std::ostream& out, std::ostream& err);

// Run() with the process's arguments, environment, stdout/stderr and a real HTTP client.
int Main(int argc, char** argv);

}  // namespace vnet::cli
