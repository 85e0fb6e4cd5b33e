"""Scenario: the storage lock-down walk-through, end to end against a real vnetd, through HTTP and
the vnet CLI, with kill -9 restarts in between. Every resource reads back after each restart
exactly as it read before it."""
import json
import sys
import unittest

from vnetd_harness import SUB, Vnetd, res_path, rg_path

VNETD, VNET = sys.argv[1], sys.argv[2]
RG = "lockdown"
VNET_ID = res_path(RG, "Microsoft.Network/virtualNetworks/vnet1")
FRONTEND = VNET_ID + "/subnets/frontend"
BACKEND = VNET_ID + "/subnets/backend"
ACCOUNT = res_path(RG, "Microsoft.Storage/storageAccounts/lockdownacct")
TYPES = [
    "Microsoft.Network/virtualNetworks", "Microsoft.Network/networkInterfaces",
    "Microsoft.Compute/virtualMachines", "Microsoft.Storage/storageAccounts",
    "Microsoft.Network/privateEndpoints",
]


class StorageLockdownTest(unittest.TestCase):
    def setUp(self):
        self.server = Vnetd(VNETD, VNET).start()

    def tearDown(self):
        self.server.stop()

    def snapshot(self):
        """Every resource of the scenario as GET returns it."""
        out = {}
        for t in TYPES:
            listing = self.server.ok("GET", f"{rg_path(RG)}/providers/{t}")
            for doc in listing["value"]:
                out[doc["id"].lower()] = self.server.ok("GET", doc["id"])
        return out

    def restart_and_compare(self):
        before = self.snapshot()
        revision = self.server.revision()
        self.server.kill9()
        self.server.start()
        self.assertEqual(self.server.revision(), revision)
        after = self.snapshot()
        self.assertEqual(sorted(after), sorted(before))
        for key in before:
            self.assertEqual(after[key], before[key], key)
        return after

    def connection_state(self, pe_name):
        pe = self.server.ok("GET", res_path(RG, f"Microsoft.Network/privateEndpoints/{pe_name}"))
        conns = (pe["properties"].get("manualPrivateLinkServiceConnections") or
                 pe["properties"].get("privateLinkServiceConnections"))
        return conns[0]["properties"]["privateLinkServiceConnectionState"]

    def provider_connection(self, pe_name):
        account = self.server.ok("GET", ACCOUNT)
        for c in account["properties"].get("privateEndpointConnections", []):
            if c["properties"]["privateEndpoint"]["id"].lower().endswith("/" + pe_name.lower()):
                return c
        self.fail(f"no connection for {pe_name} on the account")

    def test_walkthrough(self):
        s = self.server
        # 1. A VNet with two subnets, a NIC and a VM in one, and a storage account.
        s.cli("group", "create", "-n", RG, "-l", "eastus")
        s.cli("network", "vnet", "create", "-g", RG, "-n", "vnet1", "--address-prefixes",
              "10.0.0.0/16", "--subnet-name", "frontend", "--subnet-prefixes", "10.0.0.0/24")
        s.cli("network", "vnet", "subnet", "create", "-g", RG, "--vnet-name", "vnet1", "-n",
              "backend", "--address-prefixes", "10.0.1.0/24")
        created = json.loads(s.cli("network", "nic", "create", "-g", RG, "-n", "vm1-nic",
                                   "--vnet-name", "vnet1", "--subnet", "frontend").stdout)
        nic = created["NewNIC"]  # az wraps the new NIC the same way
        self.assertEqual(nic["properties"]["ipConfigurations"][0]["properties"]["privateIPAddress"],
                         "10.0.0.4")
        s.ok("PUT", res_path(RG, "Microsoft.Compute/virtualMachines/vm1"), {
            "location": "eastus",
            "properties": {"hardwareProfile": {"vmSize": "Standard_B1s"},
                           "networkProfile": {"networkInterfaces": [
                               {"id": nic["id"], "properties": {"primary": True}}]}}})
        s.cli("storage", "account", "create", "-g", RG, "-n", "lockdownacct", "-l", "eastus",
              "--sku", "Standard_LRS", "--kind", "StorageV2")
        account = s.ok("GET", ACCOUNT)
        self.assertEqual(account["properties"]["networkAcls"]["defaultAction"], "Allow")
        self.restart_and_compare()

        # 2. Lock the account to selected networks; a VNet rule needs the endpoint first.
        s.cli("storage", "account", "update", "-g", RG, "-n", "lockdownacct",
              "--default-action", "Deny")
        refused = s.cli("storage", "account", "network-rule", "add", "-g", RG, "--account-name",
                        "lockdownacct", "--vnet-name", "vnet1", "--subnet", "frontend", check=False)
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("NetworkAclsValidationFailure", refused.stderr)
        self.assertEqual(s.ok("GET", ACCOUNT)["properties"]["networkAcls"]["virtualNetworkRules"], [])
        s.cli("network", "vnet", "subnet", "update", "-g", RG, "--vnet-name", "vnet1", "-n",
              "frontend", "--service-endpoints", "Microsoft.Storage")
        subnet = s.ok("GET", FRONTEND)
        self.assertEqual(subnet["properties"]["serviceEndpoints"][0]["service"], "Microsoft.Storage")
        s.cli("storage", "account", "network-rule", "add", "-g", RG, "--account-name",
              "lockdownacct", "--vnet-name", "vnet1", "--subnet", "frontend")
        acls = s.ok("GET", ACCOUNT)["properties"]["networkAcls"]
        self.assertEqual(acls["defaultAction"], "Deny")
        self.assertEqual([r["id"].lower() for r in acls["virtualNetworkRules"]], [FRONTEND.lower()])
        self.assertEqual(acls["virtualNetworkRules"][0]["action"], "Allow")
        self.restart_and_compare()

        # 3. A private endpoint by manual request, approved; another one, rejected.
        s.cli("network", "private-endpoint", "create", "-g", RG, "-n", "pe-approved",
              "--vnet-name", "vnet1", "--subnet", "backend", "--private-connection-resource-id",
              ACCOUNT, "--group-id", "blob", "--connection-name", "conn1", "--manual-request",
              "--request-message", "please approve")
        state = self.connection_state("pe-approved")
        self.assertEqual(state["status"], "Pending")
        self.assertEqual(state["description"], "please approve")
        conn = self.provider_connection("pe-approved")
        self.assertEqual(conn["properties"]["privateLinkServiceConnectionState"]["status"], "Pending")
        s.cli("network", "private-endpoint-connection", "approve", "--id", conn["id"],
              "--description", "ok by owner")
        self.assertEqual(self.connection_state("pe-approved")["status"], "Approved")
        self.assertEqual(self.provider_connection("pe-approved")["properties"]
                         ["privateLinkServiceConnectionState"]["status"], "Approved")
        self.restart_and_compare()

        s.cli("network", "private-endpoint", "create", "-g", RG, "-n", "pe-rejected",
              "--vnet-name", "vnet1", "--subnet", "backend", "--private-connection-resource-id",
              ACCOUNT, "--group-id", "blob", "--connection-name", "conn2", "--manual-request",
              "--request-message", "second")
        conn2 = self.provider_connection("pe-rejected")
        s.cli("network", "private-endpoint-connection", "reject", "--id", conn2["id"],
              "--description", "no")
        self.assertEqual(self.connection_state("pe-rejected")["status"], "Rejected")
        refused = s.cli("network", "private-endpoint-connection", "approve", "--id", conn2["id"],
                        check=False)
        self.assertNotEqual(refused.returncode, 0)
        after = self.restart_and_compare()

        # 4. Everything reads back with the states above.
        self.assertEqual(self.connection_state("pe-approved")["status"], "Approved")
        self.assertEqual(self.connection_state("pe-rejected")["status"], "Rejected")
        pe = after[res_path(RG, "Microsoft.Network/privateEndpoints/pe-approved").lower()]
        pe_nic = s.ok("GET", pe["properties"]["networkInterfaces"][0]["id"])
        self.assertEqual(pe_nic["properties"]["ipConfigurations"][0]["properties"]
                         ["privateIPAddress"], "10.0.1.4")
        vm = after[res_path(RG, "Microsoft.Compute/virtualMachines/vm1").lower()]
        self.assertEqual(vm["properties"]["networkProfile"]["networkInterfaces"][0]["id"].lower(),
                         nic["id"].lower())


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
