# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Handlers of the generic message types the base addon ships (see data/dist_message_type_data.xml).

``generic.contact``: a contact directory sync from a portal or CRM, JSON
``{"ref": "C-1001", "name": "Acme Stores", "email": "edi@acme.example", "phone": "..."}``.
It is also the reference implementation of a handler: parse, claim the business key, create or
update once, link the record.
"""

import json

from odoo import models

from dist_core import message_states as ms

CONTACT_FIELDS = ("name", "email", "phone", "street", "city", "zip")


class DistMessage(models.Model):
    _inherit = "dist.message"

    def _dist_handle_contact(self):
        data = self._parse_json_object()
        ref = str(data.get("ref") or "").strip()
        if not ref or not str(data.get("name") or "").strip():
            self._fail("a contact needs a non-empty 'ref' and 'name'", problem_key="contact:fields")
        self._set_state(ms.PARSED, reason=f"contact {ref}")
        values = {key: data[key] for key in CONTACT_FIELDS if data.get(key)}
        claimed, claim = self._claim_business_key(f"contact:{self.backend_id.id}", ref)
        partner = claim._record() if not claimed else None
        if partner:
            partner.write(values)
            action = "updated"
        else:
            partner = self.env["res.partner"].create(dict(values, ref=ref))
            action = "created"
        claim._link_record(partner)
        self._link_record(partner)
        return f"contact {ref} {action} (partner {partner.id})"

    def _parse_json_object(self):
        try:
            data = json.loads(self._payload_bytes())
        except (ValueError, UnicodeDecodeError) as exc:
            self._fail(f"payload is not valid JSON: {exc}", problem_key="json:syntax")
        if not isinstance(data, dict):
            self._fail("payload must be a JSON object", problem_key="json:shape")
        return data
