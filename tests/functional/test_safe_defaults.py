"""Safe defaults of the all-in-one (issue 15, item 1), over HTTP.

The cloud runs with no listen address set and noauth2: every listener
must be on loopback only; the state path and database are private; EC2
secrets are not in the database file in clear and still verify
signatures.
"""

import os
import stat
import subprocess

import pytest

from tests.functional import cloud as cloud_lib
from tests.functional import ec2_cloud
from tests.functional import listeners

UNSET = {name: None for name in ('osapi_compute_listen', 'image_api_listen',
                                 'ec2_listen', 'metadata_listen')}


@pytest.fixture(scope='module')
def aio(tmp_path_factory):
    cloud = cloud_lib.Cloud(tmp_path_factory.mktemp('safe'), options=UNSET)
    try:
        cloud.start()
        yield cloud
    finally:
        cloud.stop()


def test_every_listener_is_on_loopback_only(aio):
    # wait_ready waited for every listener the configuration opens.
    wanted = listeners.expected(aio.config_file, aio.processes)
    assert {'compute API', 'image API', 'EC2 API', 'metadata'} <= set(wanted)
    sockets = listeners.listening(aio.processes['nova-all'].pid)
    assert set(wanted.values()) <= {port for _, port in sockets}
    assert {address for address, _ in sockets} == {'127.0.0.1'}


def test_state_path_is_0700_and_database_0600(aio):
    assert stat.S_IMODE(os.stat(aio.state_path).st_mode) == 0o700
    database = os.path.join(aio.state_path, 'nova.sqlite')
    assert aio.db.url.endswith(database)
    assert stat.S_IMODE(os.stat(database).st_mode) == 0o600
    # SQLite gives its write-ahead log and shared memory the same mode.
    for path in (database + '-wal', database + '-shm'):
        if os.path.exists(path):
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def _database_bytes(aio):
    database = os.path.join(aio.state_path, 'nova.sqlite')
    data = b''
    for path in (database, database + '-wal'):
        if os.path.exists(path):
            with open(path, 'rb') as f:
                data += f.read()
    return data


def test_ec2_secret_is_not_stored_in_clear_and_still_verifies(aio):
    access, secret = ec2_cloud.credentials(aio)
    data = _database_bytes(aio)
    assert access.encode() in data   # the row is there...
    assert secret.encode() not in data   # ...but not its secret
    key_file = os.path.join(aio.state_path, 'keys', 'ec2_credentials.fernet')
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    regions = ec2_cloud.boto3_client(aio, access, secret).describe_regions()
    assert regions['Regions'][0]['RegionName'] == 'nova'
    # The secret is shown once, at creation: listing shows none.
    listed = subprocess.run(
        [os.path.join(cloud_lib.BIN, 'nova-manage'), '--config-file',
         aio.config_file, 'ec2', 'credentials', 'list'],
        check=True, capture_output=True, text=True, timeout=60).stdout
    assert access in listed and secret not in listed


def test_noauth_on_a_public_address_refuses_to_start(tmp_path):
    """nova-all with noauth2 on 0.0.0.0 exits with a clear message."""
    conf = tmp_path / 'public.conf'
    conf.write_text('[DEFAULT]\nstate_path = %s\n'
                    'osapi_compute_listen = 0.0.0.0\n'
                    'osapi_compute_listen_port = %d\n'
                    '[glance]\ncreate_default_image = false\n'
                    % (tmp_path / 'state', cloud_lib.free_port()))
    result = subprocess.run(
        [os.path.join(cloud_lib.BIN, 'nova-all'), '--config-file',
         str(conf)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert 'allow_unauthenticated_remote_access' in result.stderr
