"""Scenario: Network Watcher diagnostics against a real vnetd through the vnet CLI: effective
routes and security rules of a NIC, IP flow verify, next hop, connectivity check with the trace,
and the analyses. The network is built over REST; every diagnostic goes through the CLI."""
import json
import sys
import unittest

from vnetd_harness import SUB, Vnetd, res_path, rg_path

VNETD, VNET = sys.argv[1], sys.argv[2]
RG = "diag"
VNET_ID = res_path(RG, "Microsoft.Network/virtualNetworks/vnet1")
NSG = res_path(RG, "Microsoft.Network/networkSecurityGroups/web-nsg")
RT = res_path(RG, "Microsoft.Network/routeTables/rt1")
NIC1 = res_path(RG, "Microsoft.Network/networkInterfaces/vm1-nic")
NIC2 = res_path(RG, "Microsoft.Network/networkInterfaces/vm2-nic")
VM1 = res_path(RG, "Microsoft.Compute/virtualMachines/vm1")
VM2 = res_path(RG, "Microsoft.Compute/virtualMachines/vm2")


def nic(subnet, ip):
    return {"location": "eastus", "properties": {"ipConfigurations": [{
        "name": "ipconfig1", "properties": {
            "subnet": {"id": subnet}, "privateIPAllocationMethod": "Static",
            "privateIPAddress": ip}}]}}


def vm(nic_id):
    return {"location": "eastus", "properties": {
        "hardwareProfile": {"vmSize": "Standard_B1s"},
        "networkProfile": {"networkInterfaces": [{"id": nic_id}]}}}


class DiagnosticsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = s = Vnetd(VNETD, VNET).start()
        s.ok("PUT", rg_path(RG), {"location": "eastus"})
        s.ok("PUT", NSG, {"location": "eastus", "properties": {"securityRules": [{
            "name": "deny-x", "properties": {
                "protocol": "Tcp", "sourcePortRange": "*", "destinationPortRange": "80",
                "sourceAddressPrefix": "*", "destinationAddressPrefix": "13.107.21.200",
                "access": "Deny", "priority": 100, "direction": "Outbound"}}]}})
        s.ok("PUT", RT, {"location": "eastus", "properties": {"routes": [{
            "name": "onprem-via-nva", "properties": {
                "addressPrefix": "192.168.10.0/24", "nextHopType": "VirtualAppliance",
                "nextHopIpAddress": "10.0.1.10"}}]}})
        s.ok("PUT", VNET_ID, {"location": "eastus", "properties": {
            "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
            "subnets": [
                {"name": "web", "properties": {
                    "addressPrefix": "10.0.0.0/24", "networkSecurityGroup": {"id": NSG},
                    "routeTable": {"id": RT}}},
                {"name": "app", "properties": {"addressPrefix": "10.0.1.0/24"}}]}})
        s.ok("PUT", NIC1, nic(VNET_ID + "/subnets/web", "10.0.0.4"))
        s.ok("PUT", NIC2, nic(VNET_ID + "/subnets/app", "10.0.1.5"))
        s.ok("PUT", VM1, vm(NIC1))
        s.ok("PUT", VM2, vm(NIC2))
        s.cli("network", "watcher", "create", "-g", RG, "-l", "eastus")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def cli_json(self, *args):
        return json.loads(self.server.cli(*args).stdout)

    def test_effective_route_table(self):
        routes = self.cli_json("network", "nic", "show-effective-route-table", "-g", RG,
                               "-n", "vm1-nic")["value"]
        got = {(r["addressPrefix"][0], r["nextHopType"], r["state"], r["source"]) for r in routes}
        self.assertEqual(got, {
            ("10.0.0.0/16", "VnetLocal", "Active", "Default"),
            ("0.0.0.0/0", "Internet", "Active", "Default"),
            ("10.0.0.0/8", "None", "Active", "Default"),
            ("172.16.0.0/12", "None", "Active", "Default"),
            ("192.168.0.0/16", "None", "Active", "Default"),
            ("100.64.0.0/10", "None", "Active", "Default"),
            ("192.168.10.0/24", "VirtualAppliance", "Active", "User"),
        })
        user = [r for r in routes if r["source"] == "User"][0]
        self.assertEqual(user["name"], "onprem-via-nva")
        self.assertEqual(user["nextHopIpAddress"], ["10.0.1.10"])
        table = self.server.cli("network", "nic", "show-effective-route-table", "-g", RG,
                                "-n", "vm1-nic", "-o", "table").stdout
        self.assertIn("VirtualAppliance", table)
        self.assertIn("NextHopType", table.splitlines()[0])

    def test_effective_nsg(self):
        groups = self.cli_json("network", "nic", "list-effective-nsg", "-g", RG,
                               "-n", "vm1-nic")["value"]
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["networkSecurityGroup"]["id"].lower(), NSG.lower())
        self.assertEqual(groups[0]["association"]["subnet"]["id"].lower(),
                         (VNET_ID + "/subnets/web").lower())
        rules = {r["name"]: r for r in groups[0]["effectiveSecurityRules"]}
        self.assertEqual(rules["securityRules/deny-x"]["destinationAddressPrefix"],
                         "13.107.21.200/32")
        self.assertEqual(rules["securityRules/deny-x"]["destinationPortRange"], "80-80")
        self.assertEqual(rules["defaultSecurityRules/DenyAllOutBound"]["protocol"], "All")
        self.assertEqual(
            rules["defaultSecurityRules/DenyAllOutBound"]["destinationAddressPrefix"],
            "0.0.0.0/0")
        self.assertEqual(self.cli_json("network", "nic", "list-effective-nsg", "-g", RG,
                                       "-n", "vm2-nic")["value"], [])

    def test_ip_flow(self):
        def flow(direction, local, remote):
            return self.cli_json("network", "watcher", "test-ip-flow", "-g", RG, "--vm", "vm1",
                                 "--direction", direction, "--protocol", "TCP",
                                 "--local", local, "--remote", remote)
        self.assertEqual(flow("Outbound", "10.0.0.4:60000", "13.107.21.200:80"),
                         {"access": "Deny", "ruleName": "securityRules/deny-x"})
        self.assertEqual(flow("Outbound", "10.0.0.4:60000", "13.107.21.200:443"),
                         {"access": "Allow",
                          "ruleName": "defaultSecurityRules/AllowInternetOutBound"})
        self.assertEqual(flow("inbound", "10.0.0.4:22", "203.0.113.9:50000"),
                         {"access": "Deny", "ruleName": "defaultSecurityRules/DenyAllInBound"})
        refused = self.server.cli("network", "watcher", "test-ip-flow", "-g", RG, "--vm", "nope",
                                  "--direction", "Outbound", "--protocol", "TCP", "--local",
                                  "10.0.0.4:1", "--remote", "1.1.1.1:80", check=False)
        self.assertEqual(refused.returncode, 1)
        self.assertIn("ResourceNotFound", refused.stderr)

    def test_next_hop(self):
        def hop(dest):
            return self.cli_json("network", "watcher", "show-next-hop", "-g", RG, "--vm", "vm1",
                                 "--source-ip", "10.0.0.4", "--dest-ip", dest)
        self.assertEqual(hop("13.107.21.200"),
                         {"nextHopType": "Internet", "routeTableId": "System Route"})
        self.assertEqual(hop("10.0.1.5"),
                         {"nextHopType": "VnetLocal", "routeTableId": "System Route"})
        nva = hop("192.168.10.7")
        self.assertEqual(nva["nextHopType"], "VirtualAppliance")
        self.assertEqual(nva["nextHopIpAddress"], "10.0.1.10")
        self.assertEqual(nva["routeTableId"].lower(), RT.lower())

    def test_connectivity(self):
        denied = self.cli_json("network", "watcher", "test-connectivity", "-g", RG,
                               "--source-resource", "vm1", "--dest-address", "13.107.21.200",
                               "--dest-port", "80")
        self.assertEqual(denied["connectionStatus"], "Disconnected")
        self.assertEqual(denied["hops"][0]["issues"][0]["type"], "NetworkSecurityRule")
        self.assertEqual(denied["vnetdTrace"]["reason"], "NetworkSecurityRule")
        self.assertTrue(denied["vnetdTrace"]["remedies"])
        ok = self.cli_json("network", "watcher", "test-connectivity", "-g", RG,
                           "--source-resource", "vm1", "--dest-resource", "vm2",
                           "--dest-port", "22", "--protocol", "tcp")
        self.assertEqual(ok["connectionStatus"], "Connected")
        self.assertEqual([h["type"] for h in ok["hops"]], ["Source", "VirtualNetwork"])
        self.assertEqual(ok["hops"][1]["address"], "10.0.1.5")
        self.assertEqual(ok["vnetdTrace"]["route"], "10.0.0.0/16 VnetLocal Default")
        table = self.server.cli("network", "watcher", "test-connectivity", "-g", RG,
                                "--source-resource", "vm1", "--dest-address", "13.107.21.200",
                                "--dest-port", "80", "-o", "table").stdout
        self.assertIn("Disconnected", table)
        self.assertIn("deny-x", table)
        self.assertIn("remedy", table)

    def test_analyze(self):
        who = self.cli_json("analyze", "who-can-reach", NIC2, "--port", "22")
        outcome = {r["source"].lower(): r["outcome"] for r in who["value"]}
        self.assertEqual(outcome[NIC1.lower()], "Allowed")
        self.assertEqual(outcome["internet"], "Denied")
        table = self.server.cli("analyze", "who-can-reach", NIC2, "--port", "22",
                                "-o", "table").stdout
        self.assertIn("vm1-nic", table)
        ex = self.cli_json("analyze", "exfiltration", VNET_ID + "/subnets/web")
        self.assertEqual(ex["sourceNetworkInterface"].lower(), NIC1.lower())

    def test_evaluate_flow_rest(self):
        status, body, _ = self.server.request(
            "POST", f"/subscriptions/{SUB}/providers/Microsoft.Network/evaluateFlow",
            {"source": {"address": "203.0.113.9", "internet": True},
             "destination": {"address": "10.0.1.5"}, "protocol": "Tcp", "destinationPort": 22})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["outcome"], "Denied")
        self.assertTrue(body["steps"])


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
