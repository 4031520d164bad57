# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Distribution EDI (X12)",
    "summary": "X12 EDI with retail trading partners: 850/860 in, 855/856/810/846 out, 997s",
    "version": "18.0.1.0.0",
    "category": "Integrations",
    "website": "https://github.com/dist-integration/dist-integration-suite",
    "author": "Dist Integration Suite contributors",
    "maintainers": ["dist-integration"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["dist_integration_base", "sale_stock", "account"],
    "external_dependencies": {"python": []},
    "data": [
        "security/dist_edi_security.xml",
        "data/queue_job_channel_data.xml",
        "data/dist_edi_message_type_850_data.xml",
        "views/sale_order_views.xml",
        "views/dist_edi_menus.xml",
    ],
}
