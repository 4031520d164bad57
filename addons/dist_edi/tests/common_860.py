# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from .common import Edi850Case


class Edi860Case(Edi850Case):
    """PO-1001 of ``850_clean.x12`` made into a confirmed sale order (blue 10, green 24 = 2 CA,
    red 5), and a fourth product the 860 samples add by its vendor code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.yellow = cls._create_product("Yellow Widget", default_code="WID-YEL", list_price=7.5)

    def setUp(self):
        super().setUp()
        self.message_850 = self._receive_850("850_clean.x12")
        self._process(self.message_850)
        self.order = self._orders("PO-1001")
        self.assertEqual(self.order.state, self._expected_state())

    def _expected_state(self):
        return "sale"

    def _receive_860(self, name, key=None, payload=None):
        """Store an 860 as the router would; not processed yet."""
        return self.env["dist.message"]._receive(
            self.backend,
            "x12.860",
            payload or self._sample(name),
            idempotency_key=key or f"test:{name}",
            enqueue=False,
            partner_id=self.customer.id,
        )

    def _line(self, number):
        return self.order.order_line.filtered(lambda line: line.dist_edi_line_number == number)

    def _quantities(self):
        lines = self.order.order_line.filtered(lambda line: not line.display_type)
        return {line.dist_edi_line_number: line.product_uom_qty for line in lines}

    def _ship_everything(self):
        """Deliver the whole order: its delivery picking validated."""
        picking = self.order.picking_ids
        self.assertEqual(len(picking), 1)
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _notes_860(self):
        return self.order.message_ids.filtered(lambda m: "EDI 860" in str(m.body or ""))
