# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""``/dist/metrics``: refused without the token, valid Prometheus text with it (parsed here)."""

import math
import re

from odoo.tests import HttpCase, tagged

from dist_core import message_states as ms

from .common import DistCommon

TOKEN = "s3cret-metrics-token"
METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
SAMPLE = re.compile(r"^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?P<labels>.*)\})? (?P<value>\S+)$")
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\.)*)"(,|$)')
SUFFIXES = {"histogram": ("_bucket", "_sum", "_count"), "gauge": ("",), "counter": ("_total",)}


def parse_prometheus(text):
    """Parse the text exposition format strictly: ``{family: {"type", "help", "samples"}}``,
    samples as ``(name, labels dict, float value)``. Raises AssertionError on any bad line."""
    families, current = {}, None
    assert text.endswith("\n"), "the exposition must end with a newline"
    for line in text[:-1].split("\n"):
        if line.startswith("# HELP ") or line.startswith("# TYPE "):
            _hash, keyword, name, rest = line.split(" ", 3)
            assert METRIC_NAME.match(name), line
            family = families.setdefault(name, {"samples": []})
            family["help" if keyword == "HELP" else "type"] = rest
            current = name
            continue
        match = SAMPLE.match(line)
        assert match, f"not a sample line: {line!r}"
        family = families[current]
        suffix = match["name"][len(current) :]
        assert match["name"].startswith(current), line
        assert suffix in SUFFIXES[family["type"]], line
        labels_text, labels = match["labels"] or "", {}
        position = 0
        while position < len(labels_text):
            label = LABEL.match(labels_text, position)
            assert label, f"bad labels: {labels_text!r}"
            labels[label[1]] = label[2]
            position = label.end()
        family["samples"].append((match["name"], labels, float(match["value"])))
    return families


def value(family, **labels):
    found = [v for _n, sample_labels, v in family["samples"] if sample_labels == labels]
    assert len(found) == 1, (labels, family["samples"])
    return found[0]


@tagged("post_install", "-at_install")
class TestMetrics(HttpCase):
    def setUp(self):
        super().setUp()
        self.backend = self.env["dist.backend"].create(
            {"name": "Metrics", "code": "metrics-backend", "kind": "generic"}
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "dist_integration_base.metrics_token", TOKEN
        )

    def _get(self, token=None):
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return self.url_open("/dist/metrics", headers=headers)

    def test_refused_without_or_with_a_wrong_token(self):
        for token in (None, "wrong", "", TOKEN + "x"):
            response = self._get(token)
            self.assertEqual(response.status_code, 401, token)
            self.assertEqual(response.text, "")
        response = self.url_open("/dist/metrics", headers={"Authorization": f"Basic {TOKEN}"})
        self.assertEqual(response.status_code, 401)

    def test_refused_when_no_token_is_configured(self):
        self.env["ir.config_parameter"].sudo().set_param("dist_integration_base.metrics_token", "")
        self.assertEqual(self._get("").status_code, 401)

    def test_exposition_parses_with_samples_and_histogram(self):
        messages = self.env["dist.message"]
        for ref in ("M-1", "M-2", "M-3"):
            payload = DistCommon._contact_payload(ref, "Metric Stores")
            messages |= messages._receive(self.backend, "generic.contact", payload)
        messages[0].process()
        messages[1]._set_state(ms.DEAD, reason="test")
        self.env["dist.exception"].create(
            {
                "name": "x",
                "category": "transport",
                "problem_key": "k",
                "backend_id": self.backend.id,
            }
        )
        response = self._get(TOKEN)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/plain; version=0.0.4"))
        families = parse_prometheus(response.text)
        labels = {"backend": "metrics-backend", "type": "generic.contact", "direction": "inbound"}
        messages_family = families["dist_messages"]
        self.assertEqual(messages_family["type"], "gauge")
        for state in (ms.PROCESSED, ms.DEAD, ms.RECEIVED):
            self.assertEqual(value(messages_family, state=state, **labels), 1.0)
        queue = families["dist_queue_jobs"]
        self.assertGreaterEqual(value(queue, channel="root.dist", state="pending"), 1)
        self.assertEqual(value(queue, channel="root.dist", state="started"), 0)
        age = value(families["dist_oldest_pending_age_seconds"], backend="metrics-backend")
        self.assertGreaterEqual(age, 0)
        self.assertGreaterEqual(value(families["dist_open_exceptions"], category="transport"), 1)
        self._check_histogram(families["dist_processing_latency_seconds"])

    def _check_histogram(self, family):
        self.assertEqual(family["type"], "histogram")
        buckets = [(float(lb["le"]), v) for n, lb, v in family["samples"] if n.endswith("_bucket")]
        self.assertEqual(buckets[-1][0], math.inf)
        self.assertEqual([b for b, _v in buckets], sorted(b for b, _v in buckets))
        counts = [v for _b, v in buckets]
        self.assertEqual(counts, sorted(counts), "cumulative buckets never decrease")
        total = value({"samples": [s for s in family["samples"] if s[0].endswith("_count")]})
        self.assertEqual(buckets[-1][1], total)
        self.assertGreaterEqual(total, 1)
        self.assertIn(0.1, [b for b, _v in buckets])
