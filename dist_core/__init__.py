"""Pure-Python core of the distribution integration suite.

Everything that parses, maps, validates, signs or diffs lives here. This package never imports Odoo
(a ruff banned-import rule and ``tests/test_core_isolation.py`` keep it so); the Odoo addons under
``addons/`` are thin adapters around it.
"""

__version__ = "0.1.0"
