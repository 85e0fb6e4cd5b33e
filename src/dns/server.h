// DnsServer: vnetd's DNS over UDP and TCP (RFC 1035, RFC 7766 framing), one or more listeners,
// each answering for one view: a VNet (as 168.63.129.16 answers its VMs) or the internet. The
// view is picked by the listener's address and port (docs/dns.md). Each query reads the newest
// DnsView the source gives, so a change to zones, links or endpoints is seen by the next query.
// Thread safety: Listen before Start; Stop from any thread.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/result.h"
#include "compile/dns_view.h"

namespace vnet::dns {

// The newest view, or null (then every query is REFUSED).
using ViewSource = std::function<std::shared_ptr<const compile::DnsView>()>;

struct ListenerSpec {
  std::string host = "127.0.0.1";
  int port = 0;      // 0 picks a free port (the same one for UDP and TCP)
  std::string view;  // "internet", or a VNet's resource id
};

class DnsServer {
 public:
  explicit DnsServer(ViewSource source, int udp_threads = 1);
  ~DnsServer();
  DnsServer(const DnsServer&) = delete;
  DnsServer& operator=(const DnsServer&) = delete;

  // Binds UDP and TCP on host:port. Returns the port. kInvalidArgument for an address that does
  // not parse, kFailedPrecondition when it cannot be bound.
  Result<int> Listen(const ListenerSpec& spec);
  // Starts serving every listener on background threads.
  void Start();
  // Stops and joins every thread. Idempotent.
  void Stop();

  // Parses "host:port=view" or "host:port" (view "internet"), as vnetd's flags take them.
  static Result<ListenerSpec> ParseSpec(std::string_view text);

 private:
  struct Listener;
  void ServeUdp(Listener* l);
  void ServeTcp(Listener* l);
  void ServeConnection(Listener* l, int fd);

  ViewSource source_;
  int udp_threads_;
  std::atomic<bool> stopping_{false};
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::vector<std::thread> threads_;
  std::atomic<int> connections_{0};
};

}  // namespace vnet::dns
