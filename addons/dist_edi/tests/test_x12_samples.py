# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests.common import TransactionCase

from dist_core.x12.validator import validate

from .common import DATA


class TestX12Samples(TransactionCase):
    def test_every_sample_is_valid_x12(self):
        """The test files are what partners would send: our own validator accepts every set, so
        they behave the same through the router as when a test stores a set directly."""
        samples = sorted(DATA.glob("*.x12"))
        self.assertGreaterEqual(len(samples), 10)
        for path in samples:
            with self.subTest(sample=path.name):
                results = list(validate(path.read_bytes()))
                self.assertTrue(results)
                issues = [
                    (s.set_id, s.control_number, i.code.name)
                    for r in results
                    for g in r.groups
                    for s in g.sets
                    for i in s.errors
                ]
                self.assertEqual(issues, [])
