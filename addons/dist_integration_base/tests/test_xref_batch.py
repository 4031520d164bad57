# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from dist_core.errors import MappingMissing
from dist_core.gs1 import check_digit

from .common import DistCommon

LINES = 200
# An ORM search is one query and reading its rows another: three lookups (cross-references,
# barcodes, internal references) stay under this bound whatever the number of lines.
MAX_QUERIES = 8


def _upc(number):
    body = f"0{number:010d}"
    return body + check_digit(body)


class TestXrefBatch(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls._create_profile(code="BATCH")
        cls.products = cls.env["product.product"].create(
            [
                {"name": f"Batch {i}", "barcode": _upc(9000 + i), "default_code": f"BT-{i}"}
                for i in range(LINES)
            ]
        )
        cls.env["dist.xref.product"].create(
            [
                {
                    "profile_id": cls.profile.id,
                    "qualifier": "IN",
                    "value": f"IN-{i}",
                    "product_id": product.id,
                }
                for i, product in enumerate(cls.products)
                if i % 3 == 0
            ]
        )
        # Lines mix explicit rows, barcode and internal reference fallbacks.
        kinds = (
            lambda i: ("IN", f"IN-{i}"),
            lambda i: ("UP", _upc(9000 + i)),
            lambda i: ("VN", f"BT-{i}"),
        )
        cls.refs_list = [[kinds[i % 3](i)] for i in range(LINES)]

    def _queries(self):
        self.env.flush_all()
        return self.env.cr.sql_log_count

    def test_200_lines_resolve_in_a_bounded_number_of_queries(self):
        resolver = self.env["dist.partner.profile"]._resolver(self.profile)
        self.env.invalidate_all()
        before = self._queries()
        matches = resolver.product_many(self.refs_list)
        used = self._queries() - before
        self.assertLessEqual(used, MAX_QUERIES)
        self.assertEqual([m.product for m in matches], list(self.products))
        self.assertEqual(bool(matches[0].xref), True)
        self.assertFalse(matches[1].xref)

    def test_cache_answers_again_without_queries(self):
        resolver = self.env["dist.partner.profile"]._resolver(self.profile)
        first = resolver.product_many(self.refs_list)
        unit = resolver.uom("EA")
        before = self._queries()
        again = resolver.product_many(self.refs_list)
        self.assertEqual(resolver.uom("EA"), unit)
        self.assertEqual(self._queries(), before)
        self.assertEqual(unit, self.env.ref("uom.product_uom_unit"))
        self.assertEqual(first, again)

    def test_misses_are_cached_and_listed_together(self):
        resolver = self.env["dist.partner.profile"]._resolver(self.profile)
        refs_list = [[("IN", "IN-0")], [("BP", "NOPE-1")], [("BP", "NOPE-2")]]
        with self.assertRaises(MappingMissing) as caught:
            resolver.product_many(refs_list)
        self.assertEqual(caught.exception.problem_key, "item:BP:NOPE-1")
        self.assertIn("item:BP:NOPE-2", str(caught.exception))
        before = self._queries()
        # Not assertRaises: Odoo's wraps the block in a savepoint, which costs queries itself.
        try:
            resolver.product([("BP", "NOPE-2")])
        except MappingMissing as miss:
            self.assertEqual(miss.problem_key, "item:BP:NOPE-2")
        else:
            self.fail("a cached miss must raise again")
        matches = resolver.product_many(refs_list, raise_missing=False)
        self.assertEqual(self._queries(), before)
        self.assertEqual([bool(m) for m in matches], [True, False, False])
