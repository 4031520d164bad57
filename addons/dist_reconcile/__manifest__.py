# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Distribution Reconciliation",
    "summary": "Inventory, missed-event and order/shipment/invoice reconciliation",
    "version": "18.0.1.0.0",
    "category": "Integrations",
    "website": "https://github.com/dist-integration/dist-integration-suite",
    "author": "Dist Integration Suite contributors",
    "maintainers": ["dist-integration"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["dist_integration_base", "stock"],
    "external_dependencies": {"python": []},
    "data": [
        "security/dist_reconcile_security.xml",
        "data/queue_job_channel_data.xml",
    ],
}
