// Custom DNS servers (SEMANTICS.md 9.6): the addresses in VNets' dhcpOptions.dnsServers that are
// VMs (or NICs) of the model, with how each forwards, read from the tags on the VM (or else the
// NIC): `vnetd-dns-forwarders` ("168.63.129.16" or "10.0.0.4 10.0.0.5": where every query goes)
// and `vnetd-dns-conditional-forwarders` ("blob.core.windows.net=168.63.129.16;corp.example=
// 192.168.1.10": per zone, the longest match first). The servers those forward to are read too.
#include <algorithm>

#include "base/strings.h"
#include "compile/internal/dns_view_impl.h"

namespace vnet::compile::internal {

namespace {

std::string TagValue(const model::Doc* doc, std::string_view key, bool* found) {
  if (!doc) return "";
  const Json& tags = Props(doc->body, "tags");
  for (auto it = tags.begin(); it != tags.end(); ++it) {
    if (EqualsIgnoreCase(it.key(), key) && it->is_string()) {
      *found = true;
      return it->get<std::string>();
    }
  }
  return "";
}

std::vector<net::IpAddress> Addresses(std::string_view text) {
  std::vector<net::IpAddress> out;
  std::string word;
  auto flush = [&] {
    if (Result<net::IpAddress> ip = net::IpAddress::Parse(word); ip.ok()) out.push_back(*ip);
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == ',' || c == '\t') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

// The NIC holding `ip`: one in `vnet` first, else the first by index.
Index NicWithAddress(const Topology& t, const net::IpAddress& ip, Index vnet) {
  Index first = kNoIndex;
  for (Index n = 0; n < t.nics.size(); ++n) {
    for (const IpConfig& c : t.nics[n].ip_configs) {
      if (c.private_ip != ip || c.subnet == kNoIndex) continue;
      if (t.subnets[c.subnet].vnet == vnet) return n;
      if (first == kNoIndex) first = n;
    }
  }
  return first;
}

}  // namespace

void AddCustomServers(const model::DocMap& docs, const Topology& t, DnsView& view) {
  // Work list: (address, the VNet that names it).
  std::vector<std::pair<net::IpAddress, Index>> pending;
  for (Index v = 0; v < t.vnets.size(); ++v) {
    for (const net::IpAddress& ip : t.vnets[v].dns_servers) pending.emplace_back(ip, v);
  }
  for (const Nic& n : t.nics) {  // a NIC's own servers, asked from its VNet
    const IpConfig* primary = n.Primary();
    if (n.dns_servers.empty() || !primary || primary->subnet == kNoIndex) continue;
    for (const net::IpAddress& ip : n.dns_servers) {
      pending.emplace_back(ip, t.subnets[primary->subnet].vnet);
    }
  }
  while (!pending.empty()) {
    auto [ip, asking] = pending.back();
    pending.pop_back();
    if (ip == kAzureDnsIp || view.servers.count(ip)) continue;
    Index nic = NicWithAddress(t, ip, asking);
    if (nic == kNoIndex || t.nics[nic].private_endpoint != kNoIndex) continue;
    CustomDnsServer s;
    s.ip = ip;
    s.nic = nic;
    const IpConfig* primary = t.nics[nic].Primary();
    for (const IpConfig& c : t.nics[nic].ip_configs) {
      if (c.private_ip == ip) primary = &c;
    }
    s.vnet = primary && primary->subnet != kNoIndex ? t.subnets[primary->subnet].vnet : kNoIndex;
    const model::Doc* vm =
        t.nics[nic].vm != kNoIndex ? DocOf(docs, t.vms[t.nics[nic].vm].id) : nullptr;
    const model::Doc* nic_doc = DocOf(docs, t.nics[nic].id);
    bool on_vm = false;
    std::string forwarders = TagValue(vm, kDnsForwardersTag, &on_vm);
    std::string conditional = TagValue(vm, kDnsConditionalForwardersTag, &on_vm);
    const model::Doc* describer = vm ? vm : nic_doc;
    if (!on_vm) {
      bool on_nic = false;
      forwarders = TagValue(nic_doc, kDnsForwardersTag, &on_nic);
      conditional = TagValue(nic_doc, kDnsConditionalForwardersTag, &on_nic);
      describer = on_nic || !vm ? nic_doc : vm;
    }
    s.described_by = describer ? describer->id.ToString() : t.nics[nic].id;
    s.forwarders = Addresses(forwarders);
    for (std::string_view entry : Split(conditional, ';')) {
      size_t eq = entry.find('=');
      if (eq == std::string_view::npos) continue;
      CustomDnsServer::Conditional c{NormalizeName(Trim(entry.substr(0, eq))),
                                     Addresses(entry.substr(eq + 1))};
      if (!c.zone.empty() && !c.targets.empty()) s.conditional.push_back(std::move(c));
    }
    std::stable_sort(s.conditional.begin(), s.conditional.end(),
                     [](const auto& a, const auto& b) { return a.zone.size() > b.zone.size(); });
    for (const net::IpAddress& f : s.forwarders) pending.emplace_back(f, s.vnet);
    for (const auto& c : s.conditional) {
      for (const net::IpAddress& f : c.targets) pending.emplace_back(f, s.vnet);
    }
    view.servers.emplace(ip, std::move(s));
  }
}

}  // namespace vnet::compile::internal
