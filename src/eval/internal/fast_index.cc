// Building the fast evaluator's index, reusing what an update left untouched.
#include "eval/internal/fast_index.h"

#include "base/check.h"

namespace vnet::eval {

namespace {

lookup::Classifier BuildClassifier(const std::vector<compile::ExpandedRule>& rules) {
  std::vector<lookup::ClassifierRule> out;
  out.reserve(rules.size());
  for (const compile::ExpandedRule& e : rules) {
    lookup::ClassifierRule r;
    bool never =
        (!e.any_source && e.sources.empty()) || (!e.any_destination && e.destinations.empty());
    r.protocols = never ? 0 : e.rule->protocols;
    r.flag = internal::HitOf(e.rule).allow;  // read by FastIndex::Allows
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
    r.source_ports = ports(e.rule->source_ports);
    r.destination_ports = ports(e.rule->destination_ports);
    out.push_back(std::move(r));
  }
  return lookup::Classifier::Build(std::move(out));
}

base::HugePageVector<internal::RuleHit> RulesOf(const std::vector<compile::ExpandedRule>& in) {
  base::HugePageVector<internal::RuleHit> out;
  out.reserve(in.size());
  for (const compile::ExpandedRule& e : in) out.push_back(internal::HitOf(e.rule));
  return out;
}

}  // namespace

FastIndex::FastIndex(const compile::CompiledNetwork& net, const FastIndex* prev,
                     const compile::CompiledNetwork* prev_net) {
  const compile::Topology& t = net.t();
  bool same_subnets = prev && prev_net->routes.size() == net.routes.size();
  lpm_.reserve(t.subnets.size());
  subnets_.reserve(t.subnets.size());
  for (Index s = 0; s < t.subnets.size(); ++s) {
    if (same_subnets && prev_net->routes[s] == net.routes[s]) {
      lpm_.push_back(prev->lpm_[s]);
    } else {
      lpm_.push_back(BuildSubnetTables(*net.routes[s]));
    }
    const SubnetTables* tables = lpm_.back().get();
    subnets_.push_back({tables->all.v4_view(), tables, t.subnets[s].vnet, tables->has_endpoints});
  }
  bool same_security = prev && prev_net->security.SameStorage(net.security);
  if (same_security) {
    classifiers_ = prev->classifiers_;
  } else {
    auto classifiers = std::make_shared<ClassifierMap>();
    for (const compile::NicSecurity& sec : net.security) {
      for (const auto* nsg : {sec.subnet_nsg.get(), sec.nic_nsg.get()}) {
        if (!nsg || classifiers->count(nsg)) continue;
        if (prev) {
          auto old = prev->classifiers_->find(nsg);
          if (old != prev->classifiers_->end()) {
            classifiers->emplace(nsg, old->second);
            continue;
          }
        }
        auto c = std::allocate_shared<Classifiers>(base::HugePageAllocator<Classifiers>());
        c->inbound = BuildClassifier(nsg->inbound);
        c->outbound = BuildClassifier(nsg->outbound);
        c->inbound_rules = RulesOf(nsg->inbound);
        c->outbound_rules = RulesOf(nsg->outbound);
        classifiers->emplace(nsg, std::move(c));
      }
    }
    classifiers_ = std::move(classifiers);
  }
  const compile::Topology* pt = prev ? prev_net->topology.get() : nullptr;
  // The records point at classifiers: reused only with the classifiers they point at.
  if (same_security && pt->nics.SameStorage(t.nics)) {
    nics_ = prev->nics_;
  } else {
    nics_ = BuildNics(net);
  }
  if (pt && pt->nics.SameStorage(t.nics)) {
    public_sources_ = prev->public_sources_;
  } else {
    auto sources = std::allocate_shared<base::HugePageVector<net::IpAddress>>(
        base::HugePageAllocator<net::IpAddress>());
    sources->reserve(t.nics.size());
    for (Index n = 0; n < t.nics.size(); ++n) sources->push_back(internal::PublicSourceOf(t, n));
    public_sources_ = std::move(sources);
  }
  if (pt && pt->nics.SameStorage(t.nics) &&
      pt->private_endpoints.SameStorage(t.private_endpoints) &&
      pt->services.SameStorage(t.services) && pt->subnets.size() == t.subnets.size()) {
    maps_ = prev->maps_;
  } else {
    maps_ = BuildMaps(net);
  }
}

std::shared_ptr<const FastIndex::SubnetTables> FastIndex::BuildSubnetTables(
    const compile::SubnetRoutes& r) {
  auto out = std::allocate_shared<SubnetTables>(base::HugePageAllocator<SubnetTables>());
  std::vector<lookup::LpmTable::Entry> all, without_endpoints;
  VNET_CHECK(r.routes.size() <= kRouteIndexMask);
  for (Index i = 0; i < r.routes.size(); ++i) {
    if (!r.routes[i].active || r.routes[i].shadowed) continue;
    bool endpoint = r.routes[i].next_hop == compile::NextHopType::kServiceEndpoint;
    uint32_t value = i | static_cast<uint32_t>(r.routes[i].next_hop) << kNextHopShift;
    for (const net::Cidr& c : r.routes[i].prefixes) {
      all.push_back({c, value});
      if (!endpoint) without_endpoints.push_back({c, value});
    }
  }
  out->has_endpoints = all.size() != without_endpoints.size();
  out->hops.reserve(r.routes.size());
  for (Index i = 0; i < r.routes.size(); ++i) out->hops.push_back(internal::RouteFactsOf(r, i));
  out->all = lookup::LpmTable::Build(std::move(all));
  if (out->has_endpoints) out->non_tcp = lookup::LpmTable::Build(std::move(without_endpoints));
  return out;
}

std::shared_ptr<const FastIndex::NicRecords> FastIndex::BuildNics(
    const compile::CompiledNetwork& net) const {
  auto out = std::allocate_shared<NicRecords>(base::HugePageAllocator<NicRecords>());
  const size_t count = net.t().nics.size();
  out->records.reserve(count);
  out->early.reserve(count);
  for (Index n = 0; n < count; ++n) {
    NicRecord r;
    static_cast<internal::NicFacts&>(r) = internal::NicFactsOf(net, n);
    EarlyRecord e;
    for (internal::Layer layer : {internal::Layer::kSubnet, internal::Layer::kNic}) {
      const compile::ExpandedNsg* nsg = internal::NsgOf(net.security[n], layer);
      if (!nsg) continue;
      const Classifiers* c = classifiers_->at(nsg).get();
      const int l = static_cast<int>(layer);
      r.classifiers[l] = c;
      if (r.has_ip) {
        r.outbound_source[l] = c->outbound.SourceSet(r.ip);
        r.inbound_destination[l] = c->inbound.DestinationSet(r.ip);
      }
      const EarlyLayer early{&c->outbound, r.outbound_source[l]};
      if (layer == internal::Layer::kSubnet) {
        e.subnet_layer = early;
      } else {
        e.nic_layer = static_cast<uint32_t>(out->nic_layers.size());
        out->nic_layers.push_back(early);
      }
    }
    if (r.has_ip && r.subnet != kNoIndex && r.private_endpoint == kNoIndex && r.ip.is_v4()) {
      e.ip = r.ip.v4();
      e.subnet = r.subnet;
    }
    out->records.push_back(r);
    out->early.push_back(e);
  }
  return out;
}

std::shared_ptr<const FastIndex::AddressMaps> FastIndex::BuildMaps(
    const compile::CompiledNetwork& net) {
  const compile::Topology& t = net.t();
  auto m = std::allocate_shared<AddressMaps>(base::HugePageAllocator<AddressMaps>());
  // NICs first, each kind in index order: the first holder of an address is kept, as the
  // reference's scans in index order find it.
  for (Index n = 0; n < t.nics.size(); ++n) {
    for (const compile::IpConfig& c : t.nics[n].ip_configs) {
      if (c.subnet != kNoIndex) {
        VnetAddress* a =
            m->vnet_addresses.TryEmplace(t.subnets[c.subnet].vnet, c.private_ip, {}).first;
        if (a->nic == kNoIndex) a->nic = n;
      }
      if (c.has_public_ip) {
        PublicAddress* a = m->public_addresses.TryEmplace(0, c.public_ip, {}).first;
        if (a->nic == kNoIndex) a->nic = n;
      }
    }
  }
  for (Index p = 0; p < t.private_endpoints.size(); ++p) {
    const compile::PrivateEndpoint& pe = t.private_endpoints[p];
    if (pe.subnet == kNoIndex) continue;
    for (const compile::PeAddress& addr : pe.addresses) {
      VnetAddress* a = m->vnet_addresses.TryEmplace(t.subnets[pe.subnet].vnet, addr.ip, {}).first;
      if (a->private_endpoint != kNoIndex) continue;
      a->private_endpoint = p;
      a->pe_address = &addr;
    }
  }
  for (Index s = 0; s < t.services.size(); ++s) {
    if (!t.services[s].has_public_ip) continue;
    PublicAddress* a = m->public_addresses.TryEmplace(0, t.services[s].public_ip, {}).first;
    if (a->service == kNoIndex) a->service = s;
  }
  if (const compile::ServiceTag* cloud = net.tags->Find("AzureCloud"))
    m->azure = lookup::PrefixSet::Build(cloud->prefixes);
  m->internet = lookup::PrefixSet::Build(compile::InternetPrefixes());
  return m;
}

}  // namespace vnet::eval
