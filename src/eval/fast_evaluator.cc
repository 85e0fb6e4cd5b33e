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
  // Builds the index of `net`, reusing the parts of `prev` (the index of `prev_net`) whose inputs
  // `net` shares: a subnet's tables when its routes are the same object, an NSG's classifiers
  // when the expanded NSG is, the address maps when NICs, endpoints and services are unchanged.
  FastIndex(const compile::CompiledNetwork& net, const FastIndex* prev,
            const compile::CompiledNetwork* prev_net) {
    const compile::Topology& t = net.t();
    bool same_subnets = prev && prev_net->routes.size() == net.routes.size();
    lpm_.reserve(t.subnets.size());
    for (Index s = 0; s < t.subnets.size(); ++s) {
      if (same_subnets && prev_net->routes[s] == net.routes[s]) {
        lpm_.push_back(prev->lpm_[s]);
      } else {
        lpm_.push_back(BuildSubnetTables(*net.routes[s]));
      }
    }
    if (prev && prev_net->security.SameStorage(net.security)) {
      classifiers_ = prev->classifiers_;
    } else {
      for (const compile::NicSecurity& sec : net.security) {
        for (const auto* nsg : {sec.subnet_nsg.get(), sec.nic_nsg.get()}) {
          if (!nsg || classifiers_.count(nsg)) continue;
          auto old = prev ? prev->classifiers_.find(nsg) : classifiers_.end();
          if (prev && old != prev->classifiers_.end()) {
            classifiers_.emplace(nsg, old->second);
            continue;
          }
          auto c = std::make_shared<Classifiers>();
          c->inbound = BuildClassifier(nsg->inbound, false);
          c->outbound = BuildClassifier(nsg->outbound, false);
          c->inbound_any_source_port = BuildClassifier(nsg->inbound, true);
          classifiers_.emplace(nsg, std::move(c));
        }
      }
    }
    const compile::Topology* pt = prev ? prev_net->topology.get() : nullptr;
    if (pt && pt->nics.SameStorage(t.nics) &&
        pt->private_endpoints.SameStorage(t.private_endpoints) &&
        pt->services.SameStorage(t.services) && pt->subnets.size() == t.subnets.size()) {
      maps_ = prev->maps_;
    } else {
      maps_ = BuildMaps(net);
    }
  }

  Index Route(Index subnet, const net::IpAddress& dst, bool tcp) const {
    const SubnetTables& tables = *lpm_[subnet];
    const lookup::LpmTable& table = tcp || !tables.has_endpoints ? tables.all : tables.non_tcp;
    uint32_t v = table.Lookup(dst);
    return v == lookup::kNoMatch ? kNoIndex : v;
  }

  const compile::SecurityRule* Rule(const compile::ExpandedNsg& e, compile::Direction d,
                                    const net::FiveTuple& tuple, bool any_source_port) const {
    auto it = classifiers_.find(&e);
    if (it == classifiers_.end()) return nullptr;
    const Classifiers& c = *it->second;
    bool inbound = d == compile::Direction::kInbound;
    const lookup::Classifier& k =
        inbound ? (any_source_port ? c.inbound_any_source_port : c.inbound) : c.outbound;
    uint32_t i = k.Classify(tuple);
    if (i == lookup::kNoMatch) return nullptr;
    return (inbound ? e.inbound : e.outbound)[i].rule;
  }

  Index NicByIp(Index vnet, const net::IpAddress& ip) const {
    auto it = maps_->nic_by_ip.find(Key(vnet, ip));
    return it == maps_->nic_by_ip.end() ? kNoIndex : it->second;
  }

  Index PrivateEndpointAt(Index vnet, const net::IpAddress& ip,
                          const compile::PeAddress** addr) const {
    auto it = maps_->pe_by_ip.find(Key(vnet, ip));
    if (it == maps_->pe_by_ip.end()) return kNoIndex;
    *addr = it->second.second;
    return it->second.first;
  }

  Index ServiceByIp(const net::IpAddress& ip) const {
    auto it = maps_->service_by_ip.find(ip);
    return it == maps_->service_by_ip.end() ? kNoIndex : it->second;
  }

  Index NicByPublicIp(const net::IpAddress& ip) const {
    auto it = maps_->nic_by_public_ip.find(ip);
    return it == maps_->nic_by_public_ip.end() ? kNoIndex : it->second;
  }

  bool InAzure(const net::IpAddress& ip) const {
    return !maps_->azure.empty() && maps_->azure.Contains(ip);
  }
  bool InternetAddress(const net::IpAddress& ip) const { return maps_->internet.Contains(ip); }

 private:
  struct Classifiers {
    lookup::Classifier inbound, outbound, inbound_any_source_port;
  };
  // Two tables when the subnet has endpoint routes: only TCP takes them.
  struct SubnetTables {
    lookup::LpmTable all, non_tcp;
    bool has_endpoints = false;
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
  struct AddressMaps {
    // emplace keeps the first NIC for an address, as the reference's scan in index order does.
    std::unordered_map<VnetIp, Index, VnetIpHash> nic_by_ip;
    std::unordered_map<VnetIp, std::pair<Index, const compile::PeAddress*>, VnetIpHash> pe_by_ip;
    std::unordered_map<net::IpAddress, Index, net::IpAddressHash> service_by_ip;
    std::unordered_map<net::IpAddress, Index, net::IpAddressHash> nic_by_public_ip;
    lookup::PrefixSet azure, internet;
  };

  static std::shared_ptr<const SubnetTables> BuildSubnetTables(const compile::SubnetRoutes& r) {
    auto out = std::make_shared<SubnetTables>();
    std::vector<lookup::LpmTable::Entry> all, without_endpoints;
    for (Index i = 0; i < r.routes.size(); ++i) {
      if (!r.routes[i].active || r.routes[i].shadowed) continue;
      bool endpoint = r.routes[i].next_hop == compile::NextHopType::kServiceEndpoint;
      for (const net::Cidr& c : r.routes[i].prefixes) {
        all.push_back({c, i});
        if (!endpoint) without_endpoints.push_back({c, i});
      }
    }
    out->has_endpoints = all.size() != without_endpoints.size();
    out->all = lookup::LpmTable::Build(std::move(all));
    if (out->has_endpoints) out->non_tcp = lookup::LpmTable::Build(std::move(without_endpoints));
    return out;
  }

  static std::shared_ptr<const AddressMaps> BuildMaps(const compile::CompiledNetwork& net) {
    const compile::Topology& t = net.t();
    auto m = std::make_shared<AddressMaps>();
    for (Index n = 0; n < t.nics.size(); ++n) {
      for (const compile::IpConfig& c : t.nics[n].ip_configs) {
        if (c.subnet != kNoIndex)
          m->nic_by_ip.emplace(Key(t.subnets[c.subnet].vnet, c.private_ip), n);
        if (c.has_public_ip) m->nic_by_public_ip.emplace(c.public_ip, n);
      }
    }
    for (Index p = 0; p < t.private_endpoints.size(); ++p) {
      const compile::PrivateEndpoint& pe = t.private_endpoints[p];
      if (pe.subnet == kNoIndex) continue;
      for (const compile::PeAddress& a : pe.addresses)
        m->pe_by_ip.emplace(Key(t.subnets[pe.subnet].vnet, a.ip), std::make_pair(p, &a));
    }
    for (Index s = 0; s < t.services.size(); ++s) {
      if (t.services[s].has_public_ip) m->service_by_ip.emplace(t.services[s].public_ip, s);
    }
    if (const compile::ServiceTag* cloud = net.tags->Find("AzureCloud"))
      m->azure = lookup::PrefixSet::Build(cloud->prefixes);
    m->internet = lookup::PrefixSet::Build(compile::InternetPrefixes());
    return m;
  }

  std::vector<std::shared_ptr<const SubnetTables>> lpm_;
  std::unordered_map<const compile::ExpandedNsg*, std::shared_ptr<const Classifiers>> classifiers_;
  std::shared_ptr<const AddressMaps> maps_;
};

FastEvaluator::FastEvaluator(std::shared_ptr<const compile::CompiledNetwork> net,
                             const FastEvaluator* previous)
    : net_(std::move(net)),
      index_(std::make_unique<FastIndex>(*net_, previous ? previous->index_.get() : nullptr,
                                         previous ? previous->net_.get() : nullptr)) {}

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
