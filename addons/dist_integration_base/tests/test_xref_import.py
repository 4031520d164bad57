# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import csv
import io

from .common import DistCommon

CSV = """profile_id,qualifier,value,product_id,uom_code,pack_size
IMP,UP,012345678905,IMP-1,CA,12
IMP,VN,V-100,IMP-2,EA,0
,BP,B-200,IMP-1,,
"""
FIELDS = ["profile_id", "qualifier", "value", "product_id", "uom_code", "pack_size"]


class TestXrefImport(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.profile = cls._create_profile(code="IMP")
        cls.first = cls._create_product("Import One", default_code="IMP-1")
        cls.second = cls._create_product("Import Two", default_code="IMP-2")

    def _load(self, text):
        rows = list(csv.reader(io.StringIO(text)))
        return self.env["dist.xref.product"].load(rows[0], rows[1:])

    def test_csv_of_item_cross_references_imports_with_standard_load(self):
        result = self._load(CSV)
        self.assertFalse(result["messages"], result["messages"])
        rows = self.env["dist.xref.product"].browse(result["ids"])
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows.mapped("product_id"), self.first | self.second)
        self.assertEqual(rows[0].profile_id, self.profile)
        self.assertEqual((rows[0].uom_code, rows[0].pack_size), ("CA", 12))
        self.assertFalse(rows[2].profile_id)
        resolver = self.env["dist.partner.profile"]._resolver(self.profile)
        self.assertEqual(resolver.product([("BP", "B-200")]), self.first)

    def test_duplicate_row_is_reported_not_raised(self):
        self._load(CSV)
        result = self._load(CSV)
        self.assertTrue(result["messages"])
        self.assertFalse(result["ids"])

    def test_exported_rows_import_back(self):
        rows = self.env["dist.xref.product"].browse(self._load(CSV)["ids"])
        exported = rows.export_data(FIELDS)["datas"]
        self.assertEqual(exported[0][0], self.profile.display_name)
        snapshot = rows.read(FIELDS)
        rows.unlink()
        result = self.env["dist.xref.product"].load(FIELDS, exported)
        self.assertFalse(result["messages"], result["messages"])
        reloaded = self.env["dist.xref.product"].browse(result["ids"]).read(FIELDS)
        strip = [{k: v for k, v in row.items() if k != "id"} for row in snapshot]
        self.assertEqual([{k: v for k, v in row.items() if k != "id"} for row in reloaded], strip)
