"""Scenario: concurrent writers against a real vnetd. Eight threads read-modify-write one
resource with If-Match (optimistic concurrency, as ARM clients do): a stale etag is refused with
412 and retried, so no update is lost and the document stays whole. Other threads meanwhile
create resources without conditions; every acknowledged one exists afterwards, also after kill -9."""
import json
import sys
import threading
import unittest

from vnetd_harness import Vnetd, res_path, rg_path

VNETD = sys.argv[1]
RG = "concurrency"
ASG = res_path(RG, "Microsoft.Network/applicationSecurityGroups/counter")
THREADS = 8
INCREMENTS = 25


class ConcurrentWritesTest(unittest.TestCase):
    def test_no_lost_update(self):
        server = Vnetd(VNETD).start()
        try:
            server.ok("PUT", rg_path(RG), {"location": "eastus"})
            server.ok("PUT", ASG, {"location": "eastus", "tags": {"count": "0"}})
            refused = [0] * THREADS
            created = [[] for _ in range(THREADS)]
            errors = []

            def increment(t):
                for i in range(INCREMENTS):
                    while True:
                        status, doc, headers = server.request("GET", ASG)
                        if status != 200:
                            errors.append(f"GET {status}")
                            return
                        count = int(doc["tags"]["count"])
                        body = {"location": "eastus", "tags": {"count": str(count + 1)}}
                        status, reply, _ = server.request("PUT", ASG, body,
                                                          {"If-Match": headers.get("ETag", "")})
                        if status in (200, 201):
                            break
                        if status != 412 or reply["error"]["code"] != "PreconditionFailed":
                            errors.append(f"PUT {status} {json.dumps(reply)}")
                            return
                        refused[t] += 1
                    name = f"t{t}-{i}"
                    status, _, _ = server.request(
                        "PUT", res_path(RG, f"Microsoft.Network/applicationSecurityGroups/{name}"),
                        {"location": "eastus"})
                    if status == 201:
                        created[t].append(name)
                    else:
                        errors.append(f"create {name}: {status}")

            threads = [threading.Thread(target=increment, args=(t,)) for t in range(THREADS)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            self.assertEqual(errors, [])
            final = server.ok("GET", ASG)
            self.assertEqual(final["tags"]["count"], str(THREADS * INCREMENTS))
            print(f"{THREADS * INCREMENTS} increments, {sum(refused)} stale-etag refusals retried")
            server.kill9()
            server.start()
            self.assertEqual(server.ok("GET", ASG)["tags"]["count"], str(THREADS * INCREMENTS))
            listed = server.ok("GET", rg_path(RG) +
                               "/providers/Microsoft.Network/applicationSecurityGroups")["value"]
            names = {d["name"] for d in listed}
            for t in range(THREADS):
                for name in created[t]:
                    self.assertIn(name, names)
            self.assertEqual(len(names), THREADS * INCREMENTS + 1)
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
