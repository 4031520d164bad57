# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""End to end through SFTP: X12 files in the partner's mailbox on an SFTP server started on
loopback by the test (the backbone's paramiko test server), polled over SFTP; the 855s and 997s
uploaded to the mailbox's outbox over SFTP."""

import os
import shutil
import tempfile

from odoo.tools import mute_logger

from dist_core.transports.sshkeys import fingerprint, load_private_key
from tests.transports.keys import ed25519_openssh
from tests.transports.sftp_server import ServerState, SftpServer

from .e2e_scenarios import CoreScenarios, MoreScenarios
from .test_e2e_local_folder import E2eLocalFolderCase

FOLDERS = ("in", "archive", "out")


class TestE2eSftp(CoreScenarios, E2eLocalFolderCase):
    """One server for the class; the scenarios of every transport, and those where the mailbox
    matters most: three POs in one file and the partner's 997 for our 855."""

    test_three_pos_in_one_file = MoreScenarios.test_three_pos_in_one_file
    test_997_rejecting_our_855 = MoreScenarios.test_997_rejecting_our_855

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The test server's transports log a client's disconnect at ERROR from their threads.
        muted = mute_logger("paramiko.transport")
        muted.__enter__()
        cls.addClassCleanup(muted.__exit__, None, None, None)
        cls.sftp_root = os.path.realpath(tempfile.mkdtemp(prefix="dist-e2e-sftp-"))
        cls.addClassCleanup(shutil.rmtree, cls.sftp_root, True)
        host_key = load_private_key(ed25519_openssh())
        cls.server = SftpServer(ServerState(root=cls.sftp_root, password="s3cret"), host_key)
        cls.server.start()
        cls.addClassCleanup(cls._stop_server)
        cls.backend.write(
            {
                "transport": "sftp",
                "transport_host": "127.0.0.1",
                "transport_port": cls.server.port,
                "transport_username": "partner",
                "transport_password": "s3cret",
                "transport_host_key": fingerprint(host_key),
                "transport_timeout": 5,
            }
        )

    @classmethod
    def _stop_server(cls):
        for transport in cls.server.transports:
            transport.close()
        cls.server.stop()

    def setUp(self):
        super().setUp()
        # The mailbox is the server's folder, emptied for each test.
        self.root = self.sftp_root
        for folder in FOLDERS:
            shutil.rmtree(os.path.join(self.root, folder), ignore_errors=True)
            os.mkdir(os.path.join(self.root, folder))

    def test_files_went_over_sftp(self):
        start = len(self.server.state.ops)  # one server for the class: this test's part
        self._deliver(self._x12("850_clean.x12"), "po-1001.x12")
        operations = self.server.state.ops[start:]
        self.assertIn(("open", "in/po-1001.x12"), operations)
        uploads = [op for op in operations if op[0] in ("rename", "posix_rename")]
        targets = sorted(op[-1] for op in uploads if op[-1].startswith("out/"))
        self.assertEqual(targets, sorted(f"out/{name}" for name in self._outbox_documents()))
        self.assertEqual(len(self._outbox_documents()), 2)
