# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Distribution Integration Base",
    "summary": "Integration hub backbone: backends, message log, queue processing, exceptions",
    "version": "18.0.1.0.0",
    "category": "Integrations",
    "website": "https://github.com/dist-integration/dist-integration-suite",
    "author": "Dist Integration Suite contributors",
    "maintainers": ["dist-integration"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": ["mail", "queue_job"],
    "external_dependencies": {"python": ["requests", "lxml", "paramiko"]},
    "data": [
        "security/dist_integration_base_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_channel_data.xml",
        "views/dist_backend_views.xml",
        "views/dist_integration_base_menus.xml",
    ],
    "demo": [
        "demo/dist_backend_demo.xml",
    ],
}
