# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Distribution WMS / 3PL Sync",
    "summary": "Release orders to an external WMS or 3PL and apply its events to pickings",
    "version": "18.0.1.0.0",
    "category": "Integrations",
    "website": "https://github.com/dist-integration/dist-integration-suite",
    "author": "Dist Integration Suite contributors",
    "maintainers": ["dist-integration"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["dist_integration_base", "sale_stock"],
    "external_dependencies": {"python": []},
    "data": [
        "security/dist_wms_security.xml",
        "data/queue_job_channel_data.xml",
        "views/dist_wms_menus.xml",
    ],
}
