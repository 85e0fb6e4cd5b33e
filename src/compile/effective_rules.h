// Effective security rules (SEMANTICS.md section 3): each NSG's rules with service tags,
// VirtualNetwork / Internet / AzureLoadBalancer and application security groups expanded to
// prefixes, for the NICs of one VNet (VirtualNetwork differs per VNet); and, per NIC, which NSGs
// apply in which order, private endpoint network policies respected (3.6).
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compile/service_tags.h"
#include "compile/topology.h"

namespace vnet::compile {

struct ExpandedRule {
  const SecurityRule* rule = nullptr;  // into the topology the expansion was made from
  bool any_source = false, any_destination = false;
  std::vector<net::Cidr> sources, destinations;  // sorted, unique; empty and not any = nothing
};

struct ExpandedNsg {
  Index nsg = kNoIndex;
  Index vnet = kNoIndex;
  std::vector<ExpandedRule> inbound, outbound;            // priority order, default rules last
  std::map<std::string, std::vector<net::Cidr>> tag_map;  // each tag / ASG used -> prefixes
};

// VirtualNetwork for `vnet`: its space, connected peers' spaces, on-premises prefixes of its
// gateway (or a peer's, through transit), 168.63.129.16/32 and its user routes' CIDR prefixes;
// sorted, unique.
std::vector<net::Cidr> VirtualNetworkPrefixes(const Topology& t, Index vnet);
// For each ASG, the private addresses of its members, as /32 and /128 prefixes.
std::vector<std::vector<net::Cidr>> AsgMemberPrefixes(const Topology& t);

// Expands tags as seen from one VNet, over precomputed VirtualNetwork tags (by VNet) and ASG
// members (by ASG). Holds references: they must outlive it.
class TagExpander {
 public:
  TagExpander(const ServiceTagCatalogue& tags,
              const SharedVector<std::vector<net::Cidr>>& vnet_tags,
              const SharedVector<std::vector<net::Cidr>>& asg_members)
      : tags_(tags), vnet_tag_(vnet_tags), asg_members_(asg_members) {}
  // The prefixes a tag stands for as seen from `vnet` (case-insensitive); empty if unknown.
  std::vector<net::Cidr> Expand(std::string_view tag, Index vnet) const;
  const std::vector<net::Cidr>& VirtualNetwork(Index vnet) const { return vnet_tag_[vnet]; }
  const std::vector<net::Cidr>& AsgMembers(Index asg) const { return asg_members_[asg]; }

 private:
  const ServiceTagCatalogue& tags_;
  const SharedVector<std::vector<net::Cidr>>& vnet_tag_;
  const SharedVector<std::vector<net::Cidr>>& asg_members_;
};

// The public address space the Internet tag stands for (IPv4 outside 0/8, 10/8, 100.64/10,
// 127/8, 169.254/16, 172.16/12, 192.168/16 and 224/3).
const std::vector<net::Cidr>& InternetPrefixes();

ExpandedNsg ExpandNsg(const Topology& t, const TagExpander& tags, Index nsg, Index vnet);

// The NSGs that filter a NIC's traffic. Inbound: subnet then NIC; outbound: NIC then subnet.
struct NicSecurity {
  Index nic = kNoIndex;
  Index subnet = kNoIndex;                        // of the primary IP configuration
  std::shared_ptr<const ExpandedNsg> subnet_nsg;  // null when none (or not applied)
  std::shared_ptr<const ExpandedNsg> nic_nsg;
  bool private_endpoint = false;  // a private endpoint's NIC: source ports count as '*'
};

}  // namespace vnet::compile
