"""Test harness for scenario tests: starts a real vnetd process on a free loopback port with its
own SQLite file, sends ARM requests over HTTP, runs the vnet CLI, and can kill -9 and restart the
server. Standard library only."""
import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

SUB = "00000000-0000-0000-0000-000000000000"
API = {
    "Microsoft.Resources": "2022-09-01",
    "Microsoft.Network": "2023-09-01",
    "Microsoft.Network/privateDnsZones": "2020-06-01",
    "Microsoft.Compute": "2023-09-01",
    "Microsoft.Storage": "2023-01-01",
    "Microsoft.Sql": "2021-11-01",
    "Microsoft.KeyVault": "2023-02-01",
    "Microsoft.DocumentDB": "2023-11-15",
    "Microsoft.EventHub": "2024-01-01",
    "Microsoft.ServiceBus": "2022-10-01-preview",
}


def api_version(path):
    lower = path.lower()
    if "/privatednszones" in lower:
        return API["Microsoft.Network/privateDnsZones"]
    if "/providers/" not in lower:
        return API["Microsoft.Resources"]
    ns = path.split("/providers/")[-1].split("/")[0]
    for key, version in API.items():
        if key.lower() == ns.lower():
            return version
    return API["Microsoft.Network"]


class Vnetd:
    def __init__(self, vnetd_bin, vnet_bin=None, db=None, dns_views=()):
        """dns_views: views ("internet" or VNet ids) to serve DNS for, each on its own free
        loopback port; after start(), dns_ports[i] is the port of dns_views[i]."""
        self.vnetd_bin = vnetd_bin
        self.dns_views = list(dns_views)
        self.dns_ports = []
        self.vnet_bin = vnet_bin
        self.tmp = tempfile.mkdtemp(prefix="vnetd-scenario-")
        self.db = db or os.path.join(self.tmp, "vnetd.db")
        self.proc = None
        self.url = None

    def start(self):
        dns = []
        for view in self.dns_views or ["off"]:
            dns += ["--dns", "off" if view == "off" else "127.0.0.1:0=" + view]
        self.proc = subprocess.Popen(
            [self.vnetd_bin, "--listen", "127.0.0.1:0", "--db", self.db, *dns],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if "listening on" not in line:
            raise RuntimeError("vnetd did not start: " + line + self.proc.stderr.read())
        self.url = line.split("listening on ")[1].split(" ")[0]
        self.dns_ports = []
        for _ in self.dns_views:
            dns_line = self.proc.stdout.readline()
            if "vnetd DNS on" not in dns_line:
                raise RuntimeError("vnetd DNS did not start: " + dns_line)
            self.dns_ports.append(int(dns_line.split("vnetd DNS on ")[1].split(" ")[0]
                                      .rsplit(":", 1)[1]))
        return self

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.proc.stdout.close()
            self.proc.stderr.close()

    def request(self, method, path, body=None, headers=None, version=None):
        """Returns (status, parsed JSON body or None, response headers)."""
        sep = "&" if "?" in path else "?"
        v = version if version is not None else api_version(path)
        url = self.url + path + (sep + "api-version=" + v if v else "")
        data = None if body is None else (body if isinstance(body, str) else json.dumps(body)).encode()
        req = urllib.request.Request(url, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        for k, val in (headers or {}).items():
            req.add_header(k, val)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                raw = resp.read().decode()
                return resp.status, (json.loads(raw) if raw else None), dict(resp.headers)
        except urllib.error.HTTPError as e:
            raw = e.read().decode()
            try:
                parsed = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                parsed = {"raw": raw}
            return e.code, parsed, dict(e.headers)

    def ok(self, method, path, body=None, expect=(200, 201)):
        status, doc, _ = self.request(method, path, body)
        if status not in expect:
            raise AssertionError(f"{method} {path} -> {status} {json.dumps(doc)}")
        return doc

    def revision(self):
        with urllib.request.urlopen(self.url + "/healthz", timeout=10) as resp:
            return json.loads(resp.read())["revision"]

    def cli(self, *args, check=True):
        env = dict(os.environ, VNET_SERVER=self.url, VNET_SUBSCRIPTION=SUB)
        p = subprocess.run([self.vnet_bin, *args], env=env, capture_output=True, text=True,
                           timeout=60)
        if check and p.returncode != 0:
            raise AssertionError(f"vnet {' '.join(args)} -> {p.returncode}: {p.stderr}{p.stdout}")
        return p


def rg_path(rg):
    return f"/subscriptions/{SUB}/resourceGroups/{rg}"


def res_path(rg, provider_type_name):
    return f"{rg_path(rg)}/providers/{provider_type_name}"
