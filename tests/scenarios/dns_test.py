"""Scenario: DNS as Azure resolves it, asked with real `dig` queries of a running vnetd (issue 4,
acceptance 1 and 2). vnetd serves four views on their own loopback ports: VNet A (linked to the
privatelink zones), VNet B (not linked), the internet, VNet C (whose custom DNS server does not
forward) and VNet D (whose custom DNS server forwards to 168.63.129.16 from VNet A). The network
is built through the vnet CLI; names are asked before any private endpoint, with private endpoints
and zone groups, and after the endpoints are deleted; for a storage account, a SQL server and a
key vault. Then the connectivity check follows the name to the private endpoint or to the public
front end and its firewall, and says so in the trace."""
import ipaddress
import json
import subprocess
import sys
import unittest

from vnetd_harness import SUB, Vnetd, res_path, rg_path

VNETD, VNET = sys.argv[1], sys.argv[2]
RG = "dnsrg"


def vnet_id(name):
    return res_path(RG, "Microsoft.Network/virtualNetworks/" + name)


VIEWS = [vnet_id("vnet-a"), vnet_id("vnet-b"), "internet", vnet_id("vnet-c"), vnet_id("vnet-d")]
A, B, INTERNET, C, D = range(5)

ACCOUNT = res_path(RG, "Microsoft.Storage/storageAccounts/dnsacct1")
SQL = res_path(RG, "Microsoft.Sql/servers/dnssql1")
VAULT = res_path(RG, "Microsoft.KeyVault/vaults/dnskv1")
BLOB = "dnsacct1.blob.core.windows.net"
SQL_NAME = "dnssql1.database.windows.net"
VAULT_NAME = "dnskv1.vault.azure.net"


def dig(port, name, rtype="A", tcp=False, extra=()):
    """(status, [(owner, ttl, type, data)], [authority records], flags) of one dig query."""
    args = ["dig", "@127.0.0.1", "-p", str(port), name, rtype, "+noall", "+comments", "+answer",
            "+authority", "+tries=1", "+time=5", *extra]
    if tcp:
        args.append("+tcp")
    out = subprocess.run(args, capture_output=True, text=True, timeout=30).stdout
    status, flags, answer, authority, section = None, "", [], [], None
    for line in out.splitlines():
        if "->>HEADER<<-" in line:
            status = line.split("status: ")[1].split(",")[0]
        elif line.startswith(";; flags:"):
            flags = line.split(";; flags: ")[1].split(";")[0]
        elif line.startswith(";; ANSWER SECTION"):
            section = answer
        elif line.startswith(";; AUTHORITY SECTION"):
            section = authority
        elif line.startswith(";") or not line.strip():
            if not line.strip():
                section = None
        elif section is not None:
            parts = line.split(None, 4)
            section.append((parts[0].lower(), int(parts[1]), parts[3], parts[4]))
    return status, answer, authority, flags


def addresses(answer):
    return [r[3] for r in answer if r[2] in ("A", "AAAA")]


class DnsScenarioTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = s = Vnetd(VNETD, VNET, dns_views=VIEWS).start()
        s.cli("group", "create", "-n", RG, "-l", "eastus")
        for name, prefix, dns in [("vnet-a", "10.1", []), ("vnet-b", "10.2", []),
                                  ("vnet-c", "10.3", ["10.1.1.10"]),
                                  ("vnet-d", "10.4", ["10.1.1.11"])]:
            args = ["network", "vnet", "create", "-g", RG, "-n", name, "--address-prefixes",
                    prefix + ".0.0/16", "--subnet-name", "pe", "--subnet-prefixes",
                    prefix + ".0.0/24"]
            if dns:
                args += ["--dns-servers", *dns]
            s.cli(*args)
        s.cli("network", "vnet", "subnet", "create", "-g", RG, "--vnet-name", "vnet-a", "-n",
              "vms", "--address-prefixes", "10.1.1.0/24")
        # Two DNS server VMs in VNet A: one resolves by itself, one forwards to Azure DNS.
        for vm, ip, tags in [("dns-plain", "10.1.1.10", []),
                             ("dns-fwd", "10.1.1.11", ["vnetd-dns-forwarders=168.63.129.16"])]:
            s.cli("network", "nic", "create", "-g", RG, "-n", vm + "-nic", "--vnet-name", "vnet-a",
                  "--subnet", "vms", "--private-ip-address", ip)
            s.cli("vm", "create", "-g", RG, "-n", vm, "--nics", vm + "-nic",
                  *(["--tags", *tags] if tags else []))
        s.cli("network", "nic", "create", "-g", RG, "-n", "client-nic", "--vnet-name", "vnet-a",
              "--subnet", "vms", "--private-ip-address", "10.1.1.4")
        s.cli("vm", "create", "-g", RG, "-n", "client", "--nics", "client-nic")
        s.cli("network", "watcher", "create", "-g", RG, "-l", "eastus")
        s.cli("storage", "account", "create", "-g", RG, "-n", "dnsacct1", "-l", "eastus",
              "--sku", "Standard_LRS", "--kind", "StorageV2")
        s.cli("sql", "server", "create", "-g", RG, "-n", "dnssql1", "-l", "eastus",
              "--admin-user", "sqladmin", "--admin-password", "P@ssw0rd-1234")
        s.cli("keyvault", "create", "-g", RG, "-n", "dnskv1", "-l", "eastus")
        for zone in ["privatelink.blob.core.windows.net", "privatelink.database.windows.net",
                     "privatelink.vaultcore.azure.net"]:
            s.cli("network", "private-dns", "zone", "create", "-g", RG, "-n", zone)
            s.cli("network", "private-dns", "link", "vnet", "create", "-g", RG, "-z", zone,
                  "-n", "link-a", "-v", "vnet-a", "-e", "false")
        cls.tags = s.ok("GET", f"/subscriptions/{SUB}/providers/Microsoft.Network/locations/"
                               "eastus/serviceTags")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def port(self, view):
        return self.server.dns_ports[view]

    def in_tag(self, address, tag):
        for t in self.tags["values"]:
            if t["name"].lower() == tag.lower():
                return any(ipaddress.ip_address(address) in ipaddress.ip_network(p)
                           for p in t["properties"]["addressPrefixes"])
        self.fail("no tag " + tag)

    def public_chain(self, view, name, hop):
        """Asserts the public chain of `name` from `view`: CNAME (with or without the privatelink
        hop), then the front end's public address. Returns the address."""
        status, answer, _, _ = dig(self.port(view), name)
        self.assertEqual(status, "NOERROR", (view, name, answer))
        owners = [r[0] for r in answer]
        self.assertEqual(owners[0], name + ".")
        label = name.split(".")[0]
        self.assertEqual(any(".privatelink." in o for o in owners), hop, answer)
        if hop:
            self.assertTrue(answer[0][3].startswith(label + ".privatelink."), answer)
        self.assertTrue(all(r[2] == "CNAME" for r in answer[:-1]), answer)
        self.assertEqual(answer[-1][2], "A")
        self.assertFalse(ipaddress.ip_address(answer[-1][3]).is_private, answer)
        return answer[-1][3]

    def private(self, view, name, zone):
        status, answer, _, _ = dig(self.port(view), name)
        self.assertEqual(status, "NOERROR", answer)
        label = name.split(".")[0]
        self.assertEqual([(r[0], r[2]) for r in answer],
                         [(name + ".", "CNAME"), (f"{label}.{zone}.", "A")])
        self.assertEqual(answer[1][1], 10)  # zone group records: 10 s (SEMANTICS.md 0, point 12)
        self.assertTrue(ipaddress.ip_address(answer[1][3]) in ipaddress.ip_network("10.1.0.0/24"))
        return answer[1][3]

    def make_endpoint(self, name, target, group, zone):
        s = self.server
        s.cli("network", "private-endpoint", "create", "-g", RG, "-n", name, "--vnet-name",
              "vnet-a", "--subnet", "pe", "--private-connection-resource-id", target,
              "--group-id", group, "--connection-name", name + "-conn")
        s.cli("network", "private-endpoint", "dns-zone-group", "create", "-g", RG,
              "--endpoint-name", name, "-n", "default", "--zone-name", group,
              "--private-dns-zone", zone)

    def test_1_storage_blob_before_during_after_private_endpoint(self):
        s = self.server
        # Before: the chain Azure shows without the privatelink hop, the same everywhere, to an
        # address inside the Storage tag.
        before = self.public_chain(A, BLOB, hop=False)
        self.assertEqual(self.public_chain(B, BLOB, hop=False), before)
        self.assertEqual(self.public_chain(INTERNET, BLOB, hop=False), before)
        self.assertTrue(self.in_tag(before, "Storage.EastUS"), before)
        # Over TCP too, with TTLs from the records.
        status, answer, _, _ = dig(self.port(INTERNET), BLOB, tcp=True)
        self.assertEqual((status, addresses(answer)), ("NOERROR", [before]))
        self.assertTrue(all(r[1] == 60 for r in answer))

        # With a private endpoint and a zone group: private from A, public (with the hop) from B,
        # the internet, and C (custom DNS server that does not forward); private from D (its
        # server forwards to 168.63.129.16 from A).
        self.make_endpoint("pe-blob", ACCOUNT, "blob", "privatelink.blob.core.windows.net")
        pe_ip = self.private(A, BLOB, "privatelink.blob.core.windows.net")
        pe = s.ok("GET", res_path(RG, "Microsoft.Network/privateEndpoints/pe-blob"))
        self.assertEqual(pe["properties"]["customDnsConfigs"][0]["ipAddresses"], [pe_ip])
        for view in (B, INTERNET, C):
            self.assertEqual(self.public_chain(view, BLOB, hop=True), before)
        self.assertEqual(self.private(D, BLOB, "privatelink.blob.core.windows.net"), pe_ip)
        # The file sub-resource has no endpoint: public, no hop, even from A.
        self.public_chain(A, "dnsacct1.file.core.windows.net", hop=False)
        # The CLI prints the same chain, record by record, with what answered.
        rows = json.loads(s.cli("dns", "resolve", BLOB, "--vnet", "vnet-a", "-g", RG,
                                "-o", "json").stdout)
        self.assertEqual(rows["responseCode"], "NOERROR")
        self.assertEqual(rows["addresses"], [pe_ip])
        self.assertEqual(rows["steps"][1]["answeredFrom"], "privateDnsZone")
        self.assertTrue(rows["steps"][1]["virtualNetworkLink"].lower().endswith("/link-a"))
        table = s.cli("dns", "resolve", BLOB, "--vnet", "vnet-a", "-g", RG, "-o", "table").stdout
        self.assertIn("private zone privatelink.blob.core.windows.net", table)
        self.assertIn(pe_ip, table)

        # NXDOMAIN and NODATA are told apart; the negative answer carries the zone's SOA.
        status, answer, authority, _ = dig(self.port(A), "nosuchacct.blob.core.windows.net")
        self.assertEqual((status, answer), ("NXDOMAIN", []))
        self.assertEqual(authority[0][0], "blob.core.windows.net.")
        status, answer, authority, _ = dig(self.port(A), BLOB, "AAAA")
        self.assertEqual(status, "NOERROR")
        self.assertEqual([r[2] for r in answer], ["CNAME"])
        self.assertEqual(authority[0][:3], ("privatelink.blob.core.windows.net.", 10, "SOA"))
        # A name outside what vnetd models: SERVFAIL with the reason (extended DNS error).
        out = subprocess.run(["dig", "@127.0.0.1", "-p", str(self.port(A)), "www.example.com",
                              "+tries=1"], capture_output=True, text=True, timeout=30).stdout
        self.assertIn("status: SERVFAIL", out)
        self.assertIn("outside", out)

        # Deleted: public everywhere again, without the hop.
        s.cli("network", "private-endpoint", "delete", "-g", RG, "-n", "pe-blob")
        for view in (A, B, INTERNET, C, D):
            self.assertEqual(self.public_chain(view, BLOB, hop=False), before)

    def test_2_sql_server_and_key_vault(self):
        for name, target, group, zone, tag in [
                (SQL_NAME, SQL, "sqlServer", "privatelink.database.windows.net", "Sql.EastUS"),
                (VAULT_NAME, VAULT, "vault", "privatelink.vaultcore.azure.net",
                 "AzureKeyVault.EastUS")]:
            with self.subTest(name=name):
                before = self.public_chain(A, name, hop=False)
                self.assertTrue(self.in_tag(before, tag), before)
                pe = "pe-" + group.lower()
                self.make_endpoint(pe, target, group, zone)
                self.private(A, name, zone)
                self.assertEqual(self.public_chain(B, name, hop=True), before)
                self.assertEqual(self.public_chain(INTERNET, name, hop=True), before)
                self.assertEqual(self.public_chain(C, name, hop=True), before)
                self.server.cli("network", "private-endpoint", "delete", "-g", RG, "-n", pe)
                self.assertEqual(self.public_chain(A, name, hop=False), before)

    def test_3_connectivity_check_follows_the_name(self):
        s = self.server
        s.cli("storage", "account", "update", "-g", RG, "-n", "dnsacct1", "--default-action",
              "Deny")

        def check():
            return json.loads(s.cli("network", "watcher", "test-connectivity", "-g", RG,
                                    "--source-resource", "client", "--dest-address", BLOB,
                                    "--dest-port", "443").stdout)

        # No endpoint: the public name leads to the account's firewall, which denies.
        public = check()
        steps = public["vnetdTrace"]["steps"]
        self.assertEqual(steps[0]["step"], "dns")
        self.assertIn("public DNS", steps[0]["summary"])
        self.assertEqual(public["connectionStatus"], "Disconnected")
        self.assertEqual(public["vnetdTrace"]["reason"], "FirewallDenied")
        # Through the private endpoint (zone linked): allowed, and the trace says so.
        self.make_endpoint("pe-blob2", ACCOUNT, "blob", "privatelink.blob.core.windows.net")
        private = check()
        steps = private["vnetdTrace"]["steps"]
        self.assertEqual(steps[0]["step"], "dns")
        self.assertIn("private DNS zone privatelink.blob.core.windows.net", steps[0]["summary"])
        self.assertEqual(private["connectionStatus"], "Connected")
        self.assertIn("privateEndpoint", [st["step"] for st in steps])
        # Unlink the zone: the same VM resolves publicly and the firewall decides again.
        s.cli("network", "private-dns", "link", "vnet", "delete", "-g", RG, "-z",
              "privatelink.blob.core.windows.net", "-n", "link-a")
        again = check()
        self.assertIn("public DNS", again["vnetdTrace"]["steps"][0]["summary"])
        self.assertEqual(again["vnetdTrace"]["reason"], "FirewallDenied")
        # A name that does not exist: the check fails at DNS.
        missing = json.loads(s.cli("network", "watcher", "test-connectivity", "-g", RG,
                                   "--source-resource", "client", "--dest-address",
                                   "nosuchacct.blob.core.windows.net").stdout)
        self.assertEqual(missing["vnetdTrace"]["reason"], "DnsResolution")
        self.assertEqual(missing["hops"][0]["issues"][0]["type"], "DnsResolution")

    def test_4_registration_and_peering(self):
        s = self.server
        # A registration link registers VNet A's VMs; a VNet peered with A does not inherit it.
        s.cli("network", "private-dns", "zone", "create", "-g", RG, "-n", "corp.internal")
        s.cli("network", "private-dns", "link", "vnet", "create", "-g", RG, "-z", "corp.internal",
              "-n", "reg-a", "-v", "vnet-a", "-e", "true")
        s.cli("network", "vnet", "peering", "create", "-g", RG, "-n", "b-to-a", "--vnet-name",
              "vnet-b", "--remote-vnet", "vnet-a", "--allow-vnet-access")
        s.cli("network", "vnet", "peering", "create", "-g", RG, "-n", "a-to-b", "--vnet-name",
              "vnet-a", "--remote-vnet", "vnet-b", "--allow-vnet-access")
        status, answer, _, _ = dig(self.port(A), "client.corp.internal")
        self.assertEqual(status, "NOERROR")
        self.assertEqual(answer, [("client.corp.internal.", 10, "A", "10.1.1.4")])
        status, answer, _, _ = dig(self.port(A), "nobody.corp.internal")
        self.assertEqual(status, "NXDOMAIN")
        status, _, _, _ = dig(self.port(B), "client.corp.internal")
        self.assertEqual(status, "SERVFAIL")  # not linked to B: outside what vnetd models
        # A record set added by hand is seen by the next query.
        s.cli("network", "private-dns", "record-set", "a", "add-record", "-g", RG, "-z",
              "corp.internal", "-n", "app", "-a", "10.1.1.50")
        status, answer, _, _ = dig(self.port(A), "app.corp.internal")
        self.assertEqual((status, addresses(answer)), ("NOERROR", ["10.1.1.50"]))
        self.assertEqual(answer[0][1], 3600)
        # EDNS0 and a TCP query on the same names.
        status, answer, _, flags = dig(self.port(A), "app.corp.internal", extra=("+bufsize=1232",))
        self.assertIn("ra", flags.split())
        status, answer, _, _ = dig(self.port(A), "app.corp.internal", tcp=True)
        self.assertEqual(addresses(answer), ["10.1.1.50"])
        # An answer too large for UDP comes truncated; dig asks again over TCP and gets it all.
        zone = res_path(RG, "Microsoft.Network/privateDnsZones/corp.internal")
        s.ok("PUT", zone + "/TXT/big", {"properties": {"ttl": 300, "txtRecords": [
            {"value": [chr(ord("a") + i) * 200]} for i in range(20)]}})
        out = subprocess.run(["dig", "@127.0.0.1", "-p", str(self.port(A)), "big.corp.internal",
                              "TXT", "+tries=1"], capture_output=True, text=True, timeout=30).stdout
        self.assertIn("Truncated, retrying in TCP mode", out)
        self.assertIn("ANSWER: 20", out)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
