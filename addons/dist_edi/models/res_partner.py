# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

# N404 is ISO 3166 (two letters) in the standard; partners also send the three-letter codes of
# North America, which Odoo's countries do not carry.
ALPHA3 = {"USA": "US", "CAN": "CA", "MEX": "MX"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _dist_edi_delivery_address(self, party):
        """The delivery address of this customer for an N1*ST loop that has a name and an
        address but no location code (a drop ship): an existing delivery contact with the same
        name, street and postal code, else a new one. ``party``: a canonical ``Party``."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        address = party.address
        lines = [line for line in address.lines if line]
        country = self._dist_edi_country(address.country)
        values = {
            "name": party.name or (lines[0] if lines else commercial.name),
            "street": lines[0] if lines else False,
            "street2": ", ".join(lines[1:]) or False,
            "city": address.city or False,
            "zip": address.postal_code or False,
            "country_id": country.id,
            "state_id": self._dist_edi_state(country, address.state).id,
        }
        existing = self.sudo().search(
            [
                ("parent_id", "=", commercial.id),
                ("type", "=", "delivery"),
                ("name", "=", values["name"]),
                ("street", "=", values["street"]),
                ("zip", "=", values["zip"]),
            ],
            limit=1,
        )
        if existing:
            return existing
        return (
            self.sudo()
            .with_context(tracking_disable=True)
            .create(dict(values, parent_id=commercial.id, type="delivery"))
        )

    def _dist_edi_country(self, code):
        code = (code or "").strip().upper()
        code = ALPHA3.get(code, code)
        if len(code) != 2:
            return self.env["res.country"]
        return self.env["res.country"].search([("code", "=", code)], limit=1)

    def _dist_edi_state(self, country, code):
        code = (code or "").strip().upper()
        if not country or not code:
            return self.env["res.country.state"]
        return self.env["res.country.state"].search(
            [("country_id", "=", country.id), ("code", "=", code)], limit=1
        )
