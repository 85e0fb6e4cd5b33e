// The fast evaluator's lookups: an LPM table per subnet over its Active routes, a classifier per
// expanded NSG and direction (asked to ignore source ports for private endpoints), a flat
// record per NIC (what the pipeline reads of it, with its layers' classifiers), and flat hash
// maps from addresses to NICs, private endpoints and service front ends, all in huge-page memory
// (base/huge_pages.h): flows read them at random. The lookups are inline:
// the pipeline calls them once or more per flow. Immutable after construction.
#pragma once
#include <memory>
#include <unordered_map>
#include <vector>

#include "base/huge_pages.h"
#include "compile/compiled_network.h"
#include "eval/internal/pipeline.h"
#include "lookup/address_map.h"
#include "lookup/classifier.h"
#include "lookup/lpm_table.h"
#include "lookup/prefix_set.h"

namespace vnet::eval {

class FastIndex {
 public:
  struct Classifiers {
    lookup::Classifier inbound, outbound;
    // The rule each classifier index stands for (ExpandedRule::rule) and its access, in one
    // compact array: no load of the rule itself to decide.
    base::HugePageVector<internal::RuleHit> inbound_rules, outbound_rules;
  };
  // A NIC's facts and its layers' classifiers (by internal::Layer; nullptr where none applies),
  // with the rule sets of the NIC's own address in each layer's outbound source field and inbound
  // destination field (lookup::Classifier::SourceSet, DestinationSet; kNoSet where there is
  // none): a flow from or to the NIC need not look them up. Two lines; the first holds what
  // every flow from the NIC reads, the subnet layer's outbound set included.
  struct alignas(64) NicRecord : internal::NicFacts {
    const Classifiers* classifiers[2] = {nullptr, nullptr};
    uint64_t outbound_source[2] = {lookup::Classifier::kNoSet, lookup::Classifier::kNoSet};
    uint64_t inbound_destination[2] = {lookup::Classifier::kNoSet, lookup::Classifier::kNoSet};
  };

  // Builds the index of `net`, reusing the parts of `prev` (the index of `prev_net`) whose inputs
  // `net` shares: a subnet's tables when its routes are the same object, an NSG's classifiers
  // when the expanded NSG is, the NIC records and address maps when NICs (and their security),
  // endpoints and services are unchanged.
  FastIndex(const compile::CompiledNetwork& net, const FastIndex* prev,
            const compile::CompiledNetwork* prev_net);

  Index Route(Index subnet, const net::IpAddress& dst, bool tcp) const {
    uint32_t v = Lookup(subnet, dst, tcp);
    return v == lookup::kNoMatch ? kNoIndex : v & kRouteIndexMask;
  }

  internal::RouteFacts RouteTo(Index subnet, const net::IpAddress& dst, bool tcp) const {
    uint32_t v = Lookup(subnet, dst, tcp);
    if (v == lookup::kNoMatch) return {};
    internal::RouteFacts hop;
    hop.index = v & kRouteIndexMask;
    hop.next_hop = static_cast<compile::NextHopType>(v >> kNextHopShift);
    // Only peering routes need more than the value holds: one load more.
    if (hop.next_hop == compile::NextHopType::kVnetPeering ||
        hop.next_hop == compile::NextHopType::kVnetGlobalPeering)
      hop = subnets_[subnet].tables->hops[hop.index];
    return hop;
  }

  // What DecideBatch's first steps read of a source NIC, in 32 bytes (a quarter of a NicRecord:
  // random flows find more of them cached): its IPv4 address, its subnet (kNoIndex when
  // Pipeline::FinishEarly does not apply: no IP configuration in a subnet, a private endpoint's
  // NIC, an IPv6 primary address), the subnet layer's outbound classifier (nullptr where no NSG
  // applies) and the address's set in its source field, and where the NIC's own NSG applies,
  // the same for that layer in nic_layers (kNoIndex where none does).
  struct EarlyLayer {
    const lookup::Classifier* outbound = nullptr;
    uint64_t source_set = lookup::Classifier::kNoSet;
  };
  struct alignas(32) EarlyRecord {
    uint32_t ip = 0;
    Index subnet = kNoIndex;
    EarlyLayer subnet_layer;
    uint32_t nic_layer = kNoIndex;
  };
  static_assert(sizeof(EarlyRecord) == 32);

  // For DecideBatch: the early record of a flow's source NIC when Pipeline::FinishEarly applies
  // to it, else nullptr.
  const EarlyRecord* EarlySource(const Flow& f) const {
    if (f.source.kind != FlowSource::Kind::kNic || f.source.nic >= nics_->early.size())
      return nullptr;
    const EarlyRecord& r = nics_->early[f.source.nic];
    return r.subnet != kNoIndex ? &r : nullptr;
  }
  // Whether the NIC's outbound layers (NIC, then subnet) allow `f` from its address.
  bool OutboundAllows(const EarlyRecord& r, const Flow& f) const {
    const net::FiveTuple t{net::IpAddress::V4(r.ip), f.destination, f.source_port,
                           f.destination_port, f.protocol};
    return (r.nic_layer == kNoIndex || LayerAllows(nics_->nic_layers[r.nic_layer], t)) &&
           (!r.subnet_layer.outbound || LayerAllows(r.subnet_layer, t));
  }

  Index VnetOfSubnet(Index subnet) const { return subnets_[subnet].vnet; }

  const NicRecord& Nic(Index nic) const { return nics_->records[nic]; }
  // Apart from the records: only flows to public addresses read it.
  net::IpAddress PublicSource(Index nic) const { return (*public_sources_)[nic]; }

  // The deciding rule of one of `at`'s layers (which must have an NSG), or nullptr.
  internal::RuleHit Rule(const NicRecord& at, internal::Layer layer, compile::Direction d,
                         const net::FiveTuple& tuple, bool any_source_port) const {
    return Decide(*at.classifiers[static_cast<int>(layer)], d, tuple, any_source_port);
  }

  // Only whether that rule allows (Rule(...).allow): no load of the rule's RuleHit.
  bool Allows(const NicRecord& at, internal::Layer layer, compile::Direction d,
              const net::FiveTuple& tuple, bool any_source_port) const {
    const int l = static_cast<int>(layer);
    const Classifiers& c = *at.classifiers[l];
    constexpr uint64_t kNoSet = lookup::Classifier::kNoSet;
    if (d == compile::Direction::kInbound) {
      uint32_t i =
          c.inbound.Classify(tuple, any_source_port, kNoSet,
                             tuple.destination == at.ip ? at.inbound_destination[l] : kNoSet);
      return i != lookup::kNoMatch && c.inbound.Flag(i);
    }
    uint32_t i = c.outbound.Classify(
        tuple, any_source_port, tuple.source == at.ip ? at.outbound_source[l] : kNoSet, kNoSet);
    return i != lookup::kNoMatch && c.outbound.Flag(i);
  }

  // The same for any expanded NSG of the network (FastEvaluator::Classify): one hash lookup more.
  const compile::SecurityRule* Rule(const compile::ExpandedNsg& e, compile::Direction d,
                                    const net::FiveTuple& tuple, bool any_source_port) const {
    auto it = classifiers_->find(&e);
    if (it == classifiers_->end()) return nullptr;
    return Decide(*it->second, d, tuple, any_source_port).rule;
  }

  Index NicByIp(Index vnet, const net::IpAddress& ip) const {
    const VnetAddress* a = maps_->vnet_addresses.Find(vnet, ip);
    return a ? a->nic : kNoIndex;
  }

  Index PrivateEndpointAt(Index vnet, const net::IpAddress& ip,
                          const compile::PeAddress** addr) const {
    const VnetAddress* a = maps_->vnet_addresses.Find(vnet, ip);
    if (!a || a->private_endpoint == kNoIndex) return kNoIndex;
    *addr = a->pe_address;
    return a->private_endpoint;
  }

  Index ServiceByIp(const net::IpAddress& ip) const {
    const PublicAddress* a = maps_->public_addresses.Find(0, ip);
    return a ? a->service : kNoIndex;
  }

  Index NicByPublicIp(const net::IpAddress& ip) const {
    const PublicAddress* a = maps_->public_addresses.Find(0, ip);
    return a ? a->nic : kNoIndex;
  }

  bool InAzure(const net::IpAddress& ip) const {
    return !maps_->azure.empty() && maps_->azure.Contains(ip);
  }
  bool InternetAddress(const net::IpAddress& ip) const { return maps_->internet.Contains(ip); }

 private:
  // An LPM value: the route's index, and its next hop type in the top bits (most flows need
  // nothing more of the route).
  static constexpr int kNextHopShift = 24;
  static constexpr uint32_t kRouteIndexMask = (uint32_t{1} << kNextHopShift) - 1;

  uint32_t Lookup(Index subnet, const net::IpAddress& dst, bool tcp) const {
    const SubnetRecord& s = subnets_[subnet];
    if (tcp || !s.has_endpoints) {
      return dst.is_v4() ? static_cast<uint32_t>(s.all_v4.Find(dst.v4()))
                         : s.tables->all.Lookup(dst);
    }
    return s.tables->non_tcp.Lookup(dst);
  }

  // Two tables when the subnet has endpoint routes: only TCP takes them.
  struct SubnetTables {
    lookup::LpmTable all, non_tcp;
    bool has_endpoints = false;
    base::HugePageVector<internal::RouteFacts> hops;  // by route index
  };
  // What a lookup reads before the table's own entries, with the IPv4 index of `tables->all`
  // (what TCP and subnets without endpoints use): one line.
  struct alignas(64) SubnetRecord {
    lookup::internal::BucketIndex::View all_v4;
    const SubnetTables* tables = nullptr;  // owned by lpm_
    Index vnet = kNoIndex;
    bool has_endpoints = false;  // tables->has_endpoints
  };
  // Who holds an address inside a VNet: the first NIC (in index order, as the reference's scan)
  // and the first private endpoint; the pipeline asks for the endpoint, then the NIC.
  struct VnetAddress {
    Index nic = kNoIndex;
    Index private_endpoint = kNoIndex;
    const compile::PeAddress* pe_address = nullptr;
  };
  // Who holds a public address: the first service front end, and the first NIC's public IP.
  struct PublicAddress {
    Index service = kNoIndex;
    Index nic = kNoIndex;
  };
  struct AddressMaps {
    lookup::AddressMap<VnetAddress> vnet_addresses;      // scope: the VNet's index
    lookup::AddressMap<PublicAddress> public_addresses;  // scope: 0
    lookup::PrefixSet azure, internet;
  };

  static bool LayerAllows(const EarlyLayer& layer, const net::FiveTuple& t) {
    const uint32_t i =
        layer.outbound->Classify(t, false, layer.source_set, lookup::Classifier::kNoSet);
    return i != lookup::kNoMatch && layer.outbound->Flag(i);
  }

  static internal::RuleHit Decide(const Classifiers& c, compile::Direction d,
                                  const net::FiveTuple& tuple, bool any_source_port) {
    bool inbound = d == compile::Direction::kInbound;
    uint32_t i = (inbound ? c.inbound : c.outbound).Classify(tuple, any_source_port);
    if (i == lookup::kNoMatch) return {};
    return (inbound ? c.inbound_rules : c.outbound_rules)[i];
  }

  static std::shared_ptr<const SubnetTables> BuildSubnetTables(const compile::SubnetRoutes& r);
  static std::shared_ptr<const AddressMaps> BuildMaps(const compile::CompiledNetwork& net);
  // Per NIC its record and early record; the NIC layers the early records name.
  struct NicRecords {
    base::HugePageVector<NicRecord> records;
    base::HugePageVector<EarlyRecord> early;
    base::HugePageVector<EarlyLayer> nic_layers;
  };
  std::shared_ptr<const NicRecords> BuildNics(const compile::CompiledNetwork& net) const;

  std::vector<std::shared_ptr<const SubnetTables>> lpm_;  // by subnet
  base::HugePageVector<SubnetRecord> subnets_;
  using ClassifierMap =
      std::unordered_map<const compile::ExpandedNsg*, std::shared_ptr<const Classifiers>>;
  std::shared_ptr<const ClassifierMap> classifiers_;  // shared with the previous index if unchanged
  std::shared_ptr<const NicRecords> nics_;            // by NIC
  std::shared_ptr<const base::HugePageVector<net::IpAddress>> public_sources_;  // by NIC
  std::shared_ptr<const AddressMaps> maps_;
};

}  // namespace vnet::eval
