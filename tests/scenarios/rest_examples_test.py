"""Contract test: the REST API examples Azure publishes (../shared/external/rest-api-examples,
operations listed in ../shared/external/SOURCES.md) are PUT/PATCHed as recorded against a real
vnetd, each in a fresh server whose prerequisites (resource group, parents, referenced resources)
are created first. rest_examples_expected.json says which examples vnetd accepts and, for each one
it refuses, the code and why. The test fails when an outcome differs from that table, and checks
that an accepted example's response carries the properties the recorded response has (the
table names, with a reason, any recorded property vnetd leaves out).

Run: rest_examples_test.py VNETD [--update]   (--update rewrites the table from this run; review it)
Skipped, and says so, when ../shared/external is absent (as in a user's clone)."""
import json
import os
import re
import sys
import unittest

from vnetd_harness import Vnetd

HERE = os.path.dirname(os.path.abspath(__file__))
EXTERNAL = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "external"))
EXPECTED = os.path.join(HERE, "rest_examples_expected.json")
VNETD = sys.argv[1] if len(sys.argv) > 1 else ""
UPDATE = "--update" in sys.argv
SERVED_PROVIDERS = ("Microsoft.Network", "Microsoft.Storage", "Microsoft.Sql", "Microsoft.KeyVault")
ENDPOINTS = ["Microsoft.Storage", "Microsoft.Sql", "Microsoft.KeyVault", "Microsoft.AzureCosmosDB",
             "Microsoft.EventHub", "Microsoft.ServiceBus"]


def operations():
    """(file, method, url template) for every PUT/PATCH example in SOURCES.md."""
    ops = []
    row = re.compile(r"^\| `([^`/]+-[0-9][^`]*/[^`]+\.json)` \| [^|]+ \| (PUT|PATCH) `([^`]+)`")
    with open(os.path.join(EXTERNAL, "SOURCES.md")) as f:
        for line in f:
            m = row.match(line)
            if m:
                ops.append(("rest-api-examples/" + m.group(1), m.group(2), m.group(3)))
    return ops


def fill(template, params):
    def sub(m):
        return str(params.get(m.group(1), m.group(0)))
    return re.sub(r"\{([^}]+)\}", sub, template)


def body_of(params):
    """The body parameter: "parameters" when there is one, else the object that looks like a
    resource (has properties or location), else the first object."""
    if isinstance(params.get("parameters"), dict):
        return params["parameters"]
    objects = [v for k, v in params.items() if isinstance(v, dict) and k != "extendedLocation"]
    for v in objects:
        if "properties" in v or "location" in v:
            return v
    return objects[0] if objects else {}


def ids_in(value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            if (k == "id" or k.endswith("Id")) and isinstance(v, str) and v.lower().startswith("/subscriptions/"):
                out.append(v)
            else:
                ids_in(v, out)
    elif isinstance(value, list):
        for v in value:
            ids_in(v, out)
    return out


class Prerequisites:
    """Creates, in a fresh server, what an example refers to: its resource group, its parents and
    the resources its body names, with minimal bodies."""

    def __init__(self, server, location):
        self.server = server
        self.location = location
        self.vnet_spaces = {}
        self.next_space = 0
        self.done = set()
        self.ip_hint = None  # a static private IP the example asks for: its subnet must hold it

    def ensure(self, rid, hint_prefix=None):
        key = rid.lower()
        if key in self.done:
            return
        parts = rid.split("/")
        if len(parts) < 5:
            return
        rg = "/".join(parts[:5])
        if rg.lower() not in self.done:
            self.server.request("PUT", rg, {"location": self.location})
            self.done.add(rg.lower())
        if "/providers/" not in rid:
            return
        provider_part = rid.split("/providers/")[1].split("/")
        ns, segments = provider_part[0], provider_part[1:]
        if len(segments) < 2:
            return
        top = rg + "/providers/" + ns + "/" + segments[0] + "/" + segments[1]
        full_type = (ns + "/" + segments[0]).lower()
        if top.lower() not in self.done:
            self.done.add(top.lower())
            body = self.minimal(full_type, top, hint_prefix)
            if body is not None:
                self.server.request("PUT", top, body)
        if len(segments) >= 4 and segments[2].lower() == "subnets" and full_type.endswith("virtualnetworks"):
            subnet = top + "/subnets/" + segments[3]
            if subnet.lower() not in self.done:
                self.done.add(subnet.lower())
                self.server.request("PUT", subnet, {"properties": {
                    "addressPrefix": self.subnet_prefix(top),
                    "serviceEndpoints": [{"service": s} for s in ENDPOINTS],
                    "privateLinkServiceNetworkPolicies": "Disabled"}})
        self.done.add(key)

    def subnet_prefix(self, vnet):
        if self.ip_hint and not vnet.lower().endswith(("/plsvnet", "/pevnet")):
            a, b, c, _ = self.ip_hint.split(".")
            self.ip_hint = None
            return f"{a}.{b}.{c}.0/24"
        space = self.vnet_spaces.get(vnet.lower(), "10.0.0.0/8")
        first, rest = space.split(".", 1)
        n = self.vnet_spaces.setdefault(vnet.lower() + "#n", 0)
        self.vnet_spaces[vnet.lower() + "#n"] = n + 1
        if space.startswith("10."):
            return f"10.{200 + n}.0.0/24"
        return space.rsplit(".", 2)[0] + f".{100 + n}.0/24"

    def minimal(self, full_type, rid, hint_prefix):
        loc = {"location": self.location}
        if full_type == "microsoft.network/virtualnetworks":
            space = hint_prefix or ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"][self.next_space % 3]
            if self.ip_hint and not hint_prefix and not rid.lower().endswith(("/plsvnet", "/pevnet")):
                a, b, _, _ = self.ip_hint.split(".")
                space = f"{a}.{b}.0.0/16"
            self.next_space += 1
            self.vnet_spaces[rid.lower()] = space
            return dict(loc, properties={"addressSpace": {"addressPrefixes": [space]}})
        if full_type == "microsoft.network/publicipaddresses":
            return dict(loc, sku={"name": "Standard"}, properties={"publicIPAllocationMethod": "Static"})
        if full_type == "microsoft.network/natgateways":
            return dict(loc, sku={"name": "Standard"})
        if full_type == "microsoft.network/privatednszones":
            return {"location": "global"}
        if full_type == "microsoft.storage/storageaccounts":
            return dict(loc, kind="StorageV2", sku={"name": "Standard_LRS"})
        if full_type == "microsoft.sql/servers":
            return dict(loc, properties={"administratorLogin": "admin1",
                                         "administratorLoginPassword": "P@ssw0rd-123456"})
        if full_type == "microsoft.keyvault/vaults":
            return dict(loc, properties={"tenantId": "00000000-0000-0000-0000-000000000001",
                                         "sku": {"family": "A", "name": "standard"}})
        if full_type in ("microsoft.network/networksecuritygroups", "microsoft.network/routetables",
                         "microsoft.network/applicationsecuritygroups",
                         "microsoft.network/serviceendpointpolicies",
                         "microsoft.network/networkwatchers"):
            return loc
        if full_type == "microsoft.network/privatelinkservices":
            rg = rid.split("/providers/")[0]
            subnet = rg + "/providers/Microsoft.Network/virtualNetworks/plsvnet/subnets/nat"
            self.ensure(subnet)
            return dict(loc, properties={
                "ipConfigurations": [{"name": "nat", "properties": {"subnet": {"id": subnet}}}],
                "loadBalancerFrontendIpConfigurations": [
                    {"id": rg + "/providers/Microsoft.Network/loadBalancers/lb/frontendIPConfigurations/fe"}]})
        if full_type == "microsoft.network/privateendpoints":
            rg = rid.split("/providers/")[0]
            subnet = rg + "/providers/Microsoft.Network/virtualNetworks/pevnet/subnets/pe"
            account = rg + "/providers/Microsoft.Storage/storageAccounts/peaccount"
            self.ensure(subnet)
            self.ensure(account)
            return dict(loc, properties={"subnet": {"id": subnet}, "privateLinkServiceConnections": [
                {"name": "c", "properties": {"privateLinkServiceId": account, "groupIds": ["blob"]}}]})
        return None  # a type vnetd does not model: the example will show what happens


def run_example(vnetd, file, method, template):
    with open(os.path.join(EXTERNAL, file)) as f:
        example = json.load(f)
    params = example["parameters"]
    path = fill(template, params)
    body = body_of(params)
    version = params.get("api-version", "")
    location = body.get("location", "eastus") if isinstance(body, dict) else "eastus"
    if not isinstance(location, str) or location.lower() == "global":
        location = "eastus"
    server = Vnetd(vnetd).start()
    try:
        pre = Prerequisites(server, location)
        ips = re.findall(r'"privateIPAddress": "([0-9.]+)"', json.dumps(body))
        pre.ip_hint = ips[0] if ips else None
        hint = None
        props = body.get("properties", {}) if isinstance(body, dict) else {}
        if "/subnets/" in path and isinstance(props, dict) and props.get("addressPrefix"):
            hint = props["addressPrefix"]
        parts = path.split("/")
        # Parents of the addressed resource (e.g. the VNet of a subnet example).
        if "/providers/" in path:
            provider_part = path.split("/providers/")[1].split("/")
            base = path.split("/providers/")[0] + "/providers/" + provider_part[0]
            for i in range(2, len(provider_part) - 1, 2):
                parent = base + "/" + "/".join(provider_part[1:i + 1])
                pre.ensure(parent, hint)
        else:
            pre.ensure(path)
        pre.ensure("/".join(parts[:5]))
        for rid in ids_in(body, []):
            if rid.lower() != path.lower() and not rid.lower().startswith(path.lower() + "/"):
                pre.ensure(rid)
        if method == "PATCH":
            # The resource as the recorded response shows it, then the patch.
            recorded = next((example["responses"][s]["body"] for s in ("200", "201")
                             if isinstance(example.get("responses", {}).get(s, {}).get("body"), dict)), {})
            seed = {k: recorded[k] for k in ("location", "properties", "sku", "kind", "tags") if k in recorded}
            for rid in ids_in(seed.get("properties", {}), []):
                if rid.lower() != path.lower() and not rid.lower().startswith(path.lower() + "/"):
                    pre.ensure(rid)
            seeded, _, _ = server.request("PUT", path, seed, version=version)
            if seeded not in (200, 201):
                pre.ensure(path)
        status, reply, _ = server.request(method, path, body, version=version)
        expected_statuses = [int(s) for s in example.get("responses", {}) if s.isdigit()]
        code = reply.get("error", {}).get("code") if isinstance(reply, dict) and "error" in reply else None
        missing = []
        if status in (200, 201):
            for s in ("200", "201"):
                recorded = example.get("responses", {}).get(s, {}).get("body")
                if isinstance(recorded, dict):
                    for k in recorded.get("properties", {}) if isinstance(recorded.get("properties"), dict) else []:
                        if k not in reply.get("properties", {}):
                            missing.append(k)
                    break
        return {"status": status, "code": code, "recorded_statuses": expected_statuses,
                "missing_properties": sorted(set(missing))}
    finally:
        server.stop()


class RestExamplesTest(unittest.TestCase):
    def test_examples(self):
        if not os.path.isdir(EXTERNAL):
            self.skipTest(f"skipped: {EXTERNAL} is absent (it ships beside the project, not in it)")
        ops = [o for o in operations()
               if any(f"/providers/{p}/" in o[2] for p in SERVED_PROVIDERS)
               and "/locations/" not in o[2]]
        self.assertGreater(len(ops), 40)
        results = {}
        for file, method, template in ops:
            results[file] = run_example(VNETD, file, method, template)
        if UPDATE or not os.path.exists(EXPECTED):
            table = {}
            old = json.load(open(EXPECTED)) if os.path.exists(EXPECTED) else {}
            for file, r in sorted(results.items()):
                accepted = r["status"] in (200, 201, 202)
                entry = {"accepted": accepted}
                if old.get(file, {}).get("absent"):
                    entry["absent"] = old[file]["absent"]
                if not accepted:
                    entry["code"] = r["code"]
                    entry["why"] = old.get(file, {}).get("why", "TODO: explain")
                table[file] = entry
            with open(EXPECTED, "w") as f:
                json.dump(table, f, indent=1, sort_keys=True)
        with open(EXPECTED) as f:
            expected = json.load(f)
        accepted = sum(1 for r in results.values() if r["status"] in (200, 201, 202))
        print(f"{accepted} of {len(results)} REST examples accepted as recorded")
        problems = []
        for file, r in sorted(results.items()):
            e = expected.get(file)
            ok = r["status"] in (200, 201, 202)
            if e is None:
                problems.append(f"{file}: not in {os.path.basename(EXPECTED)}")
            elif e["accepted"] != ok:
                problems.append(f"{file}: expected accepted={e['accepted']}, got {r['status']} {r['code']}")
            elif not ok and e.get("code") != r["code"]:
                problems.append(f"{file}: expected refusal {e.get('code')}, got {r['code']}")
            allowed_absent = (e or {}).get("absent", {})
            lacking = [p for p in r["missing_properties"] if p not in allowed_absent]
            if ok and lacking:
                problems.append(f"{file}: response lacks recorded properties {lacking}")
            if not ok:
                print(f"  refused {file}: {r['code']} ({e.get('why') if e else '?'})")
        self.assertEqual(problems, [], "\n".join(problems))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
