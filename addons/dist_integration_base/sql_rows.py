# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Plain INSERTs for the hot write paths of the message log (receive, audit events).

The ORM's ``create`` costs a read-back, default lookups and the flush machinery per row; the
rows written here (a received message, its audit events) have all their values in hand. Values
are converted exactly as the ORM converts them for an INSERT (``convert_to_column_insert``), so
the rows read back through the ORM like any other. Only stored, column-backed fields are
accepted: an attachment field, a one2many or a computed field must go through the ORM.
"""

from odoo.tools import SQL

NOW_UTC = SQL("(now() at time zone 'UTC')")


def column_values(model, values):
    """``(column identifiers, SQL parameters)`` of ``values`` for ``model``'s table."""
    columns, params = [], []
    for name, value in values.items():
        field = model._fields[name]
        if not field.store or not field.column_type:
            raise ValueError(f"{model._name}.{name} has no column of its own")
        columns.append(SQL.identifier(name))
        params.append(field.convert_to_column_insert(value, model))
    return columns, params


def insert_rows(model, values_list, *, suffix=None):
    """Insert one row per dict of ``values_list`` (all with the same keys) into ``model``'s
    table; ``create_date``/``write_date`` (when the model logs access) are the database's now.
    ``suffix`` is appended before ``RETURNING id`` (e.g. an ``ON CONFLICT`` clause). Returns the
    new ids, in order (rows skipped by the conflict clause are absent)."""
    if not values_list:
        return []
    names = list(values_list[0])
    rows = []
    columns = None
    for values in values_list:
        if list(values) != names:
            raise ValueError("insert_rows needs the same keys in every row")
        columns, params = column_values(model, values)
        extra = [NOW_UTC, NOW_UTC] if model._log_access else []
        rows.append(SQL("(%s)", SQL(", ").join([SQL("%s", p) for p in params] + extra)))
    if model._log_access:
        columns += [SQL.identifier("create_date"), SQL.identifier("write_date")]
    model.env.cr.execute(
        SQL(
            "INSERT INTO %s (%s) VALUES %s %s RETURNING id",
            SQL.identifier(model._table),
            SQL(", ").join(columns),
            SQL(", ").join(rows),
            suffix or SQL(),
        ),
        log_exceptions=False,
    )
    return [row[0] for row in model.env.cr.fetchall()]


def prime_cache(record, values):
    """Put the values just inserted for ``record`` in the ORM cache, so that reading them back
    costs no query (binary values are left out: they are read when needed)."""
    for name, value in values.items():
        field = record._fields[name]
        if field.type == "binary":
            continue
        record.env.cache.update(record, field, [field.convert_to_cache(value, record)])
