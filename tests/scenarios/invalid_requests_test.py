"""Table-driven: invalid ARM requests against a real vnetd. Each row of invalid_requests.json is
sent over HTTP; the answer must carry the expected status and ARM error code, and the store must
be unchanged (same revision, and the addressed resource reads back the same)."""
import json
import os
import sys
import unittest

from vnetd_harness import SUB, Vnetd

VNETD = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))


def expand(value, names):
    if isinstance(value, str):
        for k, v in names.items():
            value = value.replace("{" + k + "}", v)
        return value
    if isinstance(value, list):
        return [expand(v, names) for v in value]
    if isinstance(value, dict):
        return {k: expand(v, names) for k, v in value.items()}
    return value


class InvalidRequestsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Vnetd(VNETD).start()
        with open(os.path.join(HERE, "invalid_requests.json")) as f:
            cls.table = json.load(f)
        cls.names = {"sub": SUB, "rg": f"/subscriptions/{SUB}/resourceGroups/bad"}
        for step in expand(cls.table["setup"], cls.names):
            status, doc, _ = cls.server.request(step["method"], step["path"], step.get("body"))
            if status not in (200, 201):
                raise AssertionError(f"setup {step['path']} -> {status} {doc}")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_every_row(self):
        cases = expand(self.table["cases"], self.names)
        self.assertGreaterEqual(len(cases), 60)
        failures = []
        for case in cases:
            path = case["path"]
            before_rev = self.server.revision()
            before_doc = self.server.request("GET", path, version=case.get("version"))[:2]
            status, body, _ = self.server.request(case["method"], path, case.get("body"),
                                                  case.get("headers"), case.get("version"))
            code = (body or {}).get("error", {}).get("code") if isinstance(body, dict) else None
            after_rev = self.server.revision()
            after_doc = self.server.request("GET", path, version=case.get("version"))[:2]
            problems = []
            if status != case["status"]:
                problems.append(f"status {status} != {case['status']}")
            if code != case["code"]:
                problems.append(f"code {code} != {case['code']}")
            if after_rev != before_rev:
                problems.append(f"revision moved {before_rev} -> {after_rev}")
            if after_doc != before_doc:
                problems.append("the resource changed")
            if problems:
                failures.append(f"{case['name']}: {'; '.join(problems)} :: {json.dumps(body)[:300]}")
        print(f"{len(cases) - len(failures)} of {len(cases)} invalid requests answered as Azure does")
        self.assertEqual(failures, [], "\n".join(failures))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
