# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""A backend polling a real SFTP server on loopback (our paramiko test server from tests/)."""

import json
import os
import shutil
import tempfile
import time

from odoo.tools import mute_logger

from odoo.addons.queue_job.tests.common import trap_jobs

from dist_core import message_states as ms
from dist_core.transports.sshkeys import fingerprint, load_private_key
from tests.transports.keys import ed25519_openssh
from tests.transports.sftp_server import ServerState, SftpServer

from .common import DistCommon


class TestTransportSftp(DistCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry.enter_test_mode(cls.cr)
        cls.addClassCleanup(cls.registry.leave_test_mode)
        cls.contact_type = cls.env.ref("dist_integration_base.dist_message_type_generic_contact")
        cls.host_key = load_private_key(ed25519_openssh())
        # The test server's transports log a client's abrupt disconnect (a refused host key, the
        # server stopping) at ERROR from their own threads, at any moment: expected here.
        muted = mute_logger("paramiko.transport")
        muted.__enter__()
        cls.addClassCleanup(muted.__exit__, None, None, None)

    def setUp(self):
        super().setUp()
        self.root = tempfile.mkdtemp(prefix="dist-sftp-")
        self.addCleanup(shutil.rmtree, self.root, ignore_errors=True)
        for folder in ("in", "archive", "out"):
            os.mkdir(os.path.join(self.root, folder))
        self.state = ServerState(root=os.path.realpath(self.root), password="s3cret")
        self.server = SftpServer(self.state, self.host_key).start()
        self.addCleanup(self._stop_server)
        self.backend = self._create_backend(
            f"sftp-{os.path.basename(self.root)}",
            transport="sftp",
            transport_host="127.0.0.1",
            transport_port=self.server.port,
            transport_username="partner",
            transport_password="s3cret",
            transport_host_key=fingerprint(self.host_key),
            transport_timeout=5,
            transport_min_age=30,
            inbound_type_id=self.contact_type.id,
        )

    def _stop_server(self):
        for transport in self.server.transports:
            transport.close()
        self.server.stop()

    def _drop(self, name, ref, age=120):
        path = os.path.join(self.root, "in", name)
        with open(path, "wb") as handle:
            handle.write(json.dumps({"ref": ref, "name": ref}).encode())
        os.utime(path, (time.time() - age, time.time() - age))

    def test_poll_over_sftp_commits_then_archives(self):
        self._drop("po1.json", "S-1")
        with trap_jobs() as trap:
            self.backend._poll_inbox()
        message = self.env["dist.message"].search([("backend_id", "=", self.backend.id)])
        self.assertEqual(message.filename, "po1.json")
        self.assertEqual(message.state, ms.RECEIVED)
        trap.assert_jobs_count(1)
        self.assertEqual(os.listdir(os.path.join(self.root, "in")), [])
        self.assertEqual(len(os.listdir(os.path.join(self.root, "archive"))), 1)

    def test_changed_host_key_is_refused_and_nothing_is_taken(self):
        self._drop("po2.json", "S-2")
        other = load_private_key(ed25519_openssh())
        self.backend.transport_host_key = fingerprint(other)
        result = self.backend.action_test_connection()
        self.assertEqual(result["params"]["type"], "danger")
        self.assertIn("permanent", result["params"]["message"])
        self.assertEqual(self.state.auth_attempts, 0, "no credentials sent to an unknown server")
        self.assertEqual(os.listdir(os.path.join(self.root, "in")), ["po2.json"])

    def test_outbound_upload_over_sftp(self):
        partner = self.env["res.partner"].create({"name": "Exported", "ref": "S-3"})
        message = self.env["dist.message"]._create_outbound(
            self.backend, "generic.contact.export", partner, idempotency_key="s3", enqueue=False
        )
        message.process()
        self.assertEqual(message.state, ms.SENT)
        self.assertEqual(os.listdir(os.path.join(self.root, "out")), [message.filename])
