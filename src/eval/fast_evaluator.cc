// The fast evaluator's index: an LPM table per subnet over its Active routes, a classifier per
// expanded NSG and direction (and a second one, source ports ignored, for private endpoints),
// and hash maps from addresses to NICs, private endpoints and service front ends.
#include <map>
#include <unordered_map>

#include "eval/evaluator.h"
#include "eval/internal/pipeline.h"
#include "lookup/classifier.h"
#include "lookup/lpm_table.h"
#include "lookup/prefix_set.h"

namespace vnet::eval {

namespace {

lookup::Classifier BuildClassifier(const std::vector<compile::ExpandedRule>& rules,
                                   bool any_source_port) {
  std::vector<lookup::ClassifierRule> out;
  out.reserve(rules.size());
  for (const compile::ExpandedRule& e : rules) {
    lookup::ClassifierRule r;
    bool never =
        (!e.any_source && e.sources.empty()) || (!e.any_destination && e.destinations.empty());
    r.protocols = never ? 0 : e.rule->protocols;
    if (!e.any_source) r.sources = e.sources;
    if (!e.any_destination) r.destinations = e.destinations;
    auto ports = [](const std::vector<net::PortRange>& in) {
      std::vector<net::PortRange> p;
      for (const net::PortRange& range : in) {
        if (range.is_any()) return std::vector<net::PortRange>{};
        p.push_back(range);
      }
      return p;
    };
    if (!any_source_port) r.source_ports = ports(e.rule->source_ports);
    r.destination_ports = ports(e.rule->destination_ports);
    out.push_back(std::move(r));
  }
  return lookup::Classifier::Build(std::move(out));
}

}  // namespace

class FastIndex {
 public:
  explicit FastIndex(const compile::CompiledNetwork& net) : net_(net) {
    const compile::Topology& t = net.t();
    for (Index s = 0; s < t.subnets.size(); ++s) {
      // Two tables when the subnet has endpoint routes: only TCP takes them.
      std::vector<lookup::LpmTable::Entry> all, without_endpoints;
      const auto& routes = net.routes[s]->routes;
      for (Index i = 0; i < routes.size(); ++i) {
        if (!routes[i].active || routes[i].shadowed) continue;
        bool endpoint = routes[i].next_hop == compile::NextHopType::kServiceEndpoint;
        for (const net::Cidr& c : routes[i].prefixes) {
          all.push_back({c, i});
          if (!endpoint) without_endpoints.push_back({c, i});
        }
      }
      bool has_endpoints = all.size() != without_endpoints.size();
      lpm_.push_back(lookup::LpmTable::Build(std::move(all)));
      lpm_non_tcp_.push_back(has_endpoints ? lookup::LpmTable::Build(std::move(without_endpoints))
                                           : lookup::LpmTable::Build({}));
      has_endpoint_routes_.push_back(has_endpoints);
    }
    for (const compile::NicSecurity& sec : net.security) {
      for (const auto* nsg : {sec.subnet_nsg.get(), sec.nic_nsg.get()}) {
        if (!nsg || classifiers_.count(nsg)) continue;
        Classifiers& c = classifiers_[nsg];
        c.inbound = BuildClassifier(nsg->inbound, false);
        c.outbound = BuildClassifier(nsg->outbound, false);
        c.inbound_any_source_port = BuildClassifier(nsg->inbound, true);
      }
    }
    for (Index n = 0; n < t.nics.size(); ++n) {
      for (const compile::IpConfig& c : t.nics[n].ip_configs) {
        if (c.subnet != kNoIndex)
          nic_by_ip_.emplace(Key(t.subnets[c.subnet].vnet, c.private_ip), n);
        if (c.has_public_ip) nic_by_public_ip_.emplace(c.public_ip, n);
      }
    }
    for (Index p = 0; p < t.private_endpoints.size(); ++p) {
      const compile::PrivateEndpoint& pe = t.private_endpoints[p];
      if (pe.subnet == kNoIndex) continue;
      for (const compile::PeAddress& a : pe.addresses)
        pe_by_ip_.emplace(Key(t.subnets[pe.subnet].vnet, a.ip), std::make_pair(p, &a));
    }
    for (Index s = 0; s < t.services.size(); ++s) {
      if (t.services[s].has_public_ip) service_by_ip_.emplace(t.services[s].public_ip, s);
    }
    if (const compile::ServiceTag* cloud = net.tags->Find("AzureCloud"))
      azure_ = lookup::PrefixSet::Build(cloud->prefixes);
    internet_ = lookup::PrefixSet::Build(compile::InternetPrefixes());
  }

  Index Route(Index subnet, const net::IpAddress& dst, bool tcp) const {
    const lookup::LpmTable& table =
        tcp || !has_endpoint_routes_[subnet] ? lpm_[subnet] : lpm_non_tcp_[subnet];
    uint32_t v = table.Lookup(dst);
    return v == lookup::kNoMatch ? kNoIndex : v;
  }

  const compile::SecurityRule* Rule(const compile::ExpandedNsg& e, compile::Direction d,
                                    const net::FiveTuple& tuple, bool any_source_port) const {
    auto it = classifiers_.find(&e);
    if (it == classifiers_.end()) return nullptr;
    const Classifiers& c = it->second;
    bool inbound = d == compile::Direction::kInbound;
    const lookup::Classifier& k =
        inbound ? (any_source_port ? c.inbound_any_source_port : c.inbound) : c.outbound;
    uint32_t i = k.Classify(tuple);
    if (i == lookup::kNoMatch) return nullptr;
    return (inbound ? e.inbound : e.outbound)[i].rule;
  }

  Index NicByIp(Index vnet, const net::IpAddress& ip) const {
    auto it = nic_by_ip_.find(Key(vnet, ip));
    return it == nic_by_ip_.end() ? kNoIndex : it->second;
  }

  Index PrivateEndpointAt(Index vnet, const net::IpAddress& ip,
                          const compile::PeAddress** addr) const {
    auto it = pe_by_ip_.find(Key(vnet, ip));
    if (it == pe_by_ip_.end()) return kNoIndex;
    *addr = it->second.second;
    return it->second.first;
  }

  Index ServiceByIp(const net::IpAddress& ip) const {
    auto it = service_by_ip_.find(ip);
    return it == service_by_ip_.end() ? kNoIndex : it->second;
  }

  Index NicByPublicIp(const net::IpAddress& ip) const {
    auto it = nic_by_public_ip_.find(ip);
    return it == nic_by_public_ip_.end() ? kNoIndex : it->second;
  }

  bool InAzure(const net::IpAddress& ip) const { return !azure_.empty() && azure_.Contains(ip); }
  bool InternetAddress(const net::IpAddress& ip) const { return internet_.Contains(ip); }

 private:
  struct Classifiers {
    lookup::Classifier inbound, outbound, inbound_any_source_port;
  };
  struct VnetIp {
    Index vnet;
    net::IpAddress ip;
    bool operator==(const VnetIp&) const = default;
  };
  struct VnetIpHash {
    size_t operator()(const VnetIp& k) const { return net::IpAddressHash()(k.ip) * 31 + k.vnet; }
  };
  static VnetIp Key(Index vnet, const net::IpAddress& ip) { return {vnet, ip}; }

  const compile::CompiledNetwork& net_;
  std::vector<lookup::LpmTable> lpm_, lpm_non_tcp_;
  std::vector<bool> has_endpoint_routes_;
  std::unordered_map<const compile::ExpandedNsg*, Classifiers> classifiers_;
  // emplace keeps the first NIC for an address, as the reference's scan in index order does.
  std::unordered_map<VnetIp, Index, VnetIpHash> nic_by_ip_;
  std::unordered_map<VnetIp, std::pair<Index, const compile::PeAddress*>, VnetIpHash> pe_by_ip_;
  std::unordered_map<net::IpAddress, Index, net::IpAddressHash> service_by_ip_;
  std::unordered_map<net::IpAddress, Index, net::IpAddressHash> nic_by_public_ip_;
  lookup::PrefixSet azure_, internet_;
};

FastEvaluator::FastEvaluator(std::shared_ptr<const compile::CompiledNetwork> net)
    : net_(std::move(net)), index_(std::make_unique<FastIndex>(*net_)) {}

FastEvaluator::~FastEvaluator() = default;

Verdict FastEvaluator::Evaluate(const Flow& flow) const {
  return internal::Pipeline<FastIndex>(*net_, *index_, flow).Run();
}

Verdict FastEvaluator::Decide(const Flow& flow) const {
  return internal::Pipeline<FastIndex>(*net_, *index_, flow, /*trace=*/false).Run();
}

Index FastEvaluator::RouteIndex(Index subnet, const net::IpAddress& dst) const {
  return index_->Route(subnet, dst, /*tcp=*/true);
}

const compile::SecurityRule* FastEvaluator::Classify(const compile::ExpandedNsg& nsg,
                                                     compile::Direction d,
                                                     const net::FiveTuple& tuple) const {
  return index_->Rule(nsg, d, tuple, false);
}

}  // namespace vnet::eval
