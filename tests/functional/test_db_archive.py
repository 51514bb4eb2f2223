"""nova-manage db archive_deleted_rows and purge on a cloud of its own
(MariaDB + RabbitMQ; archiving a shared cloud would take the deleted
servers other tests read): deleted servers leave the API's history, live
ones keep theirs."""

import os
import subprocess
import sys

import pytest

from tests.functional import actions_helpers
from tests.functional import cloud as cloud_lib
from tests.functional import conftest

BIN = os.path.dirname(sys.executable)


@pytest.fixture(scope='module')
def own_cloud(tmp_path_factory):
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('archive'),
                              **conftest.SHAPES['mysql-rabbit'])
    try:
        running.start()
        yield running
    finally:
        running.stop()


def _manage(cloud, *args):
    proc = subprocess.run(
        [os.path.join(BIN, 'nova-manage'), '--config-file',
         cloud.config_file, 'db'] + list(args),
        capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout


def test_archive_then_purge(own_cloud):
    api = own_cloud.api.as_user('admin:admin', version='2.21')
    kept = actions_helpers.boot(api, 'archive-kept')
    gone = [actions_helpers.boot(api, 'archive-gone-%d' % i)
            for i in range(2)]
    for server_id in gone:
        assert api.delete('/servers/%s' % server_id).status_code == 204
        api.wait_for_deletion(server_id)
    # 2.21: the actions of a deleted server are still readable.
    assert api.get('/servers/%s/os-instance-actions'
                   % gone[0]).status_code == 200

    assert _manage(own_cloud, 'archive_deleted_rows', '--before',
                   '2000-01-01') == (0, '')
    code, out = _manage(own_cloud, 'archive_deleted_rows', '--verbose',
                        '--until-complete', '--max_rows', '1')
    assert code == 1, out
    rows = {line.split('|')[1].strip(): int(line.split('|')[2])
            for line in out.splitlines()
            if line.startswith('|') and line.split('|')[2].strip().isdigit()}
    assert rows['instances'] == 2
    assert rows['instance_actions'] == 4  # create and delete of each
    assert _manage(own_cloud, 'archive_deleted_rows')[0] == 0

    for server_id in gone:
        assert api.get('/servers/%s/os-instance-actions'
                       % server_id).status_code == 404
    assert api.get('/servers/%s' % kept).json()['server']['status'] == \
        'ACTIVE'
    actions = api.get('/servers/%s/os-instance-actions' % kept).json()
    assert [a['action'] for a in actions['instanceActions']] == ['create']

    assert _manage(own_cloud, 'purge')[0] == 1  # neither --before nor --all
    assert _manage(own_cloud, 'purge', '--before', 'not-a-date')[0] == 2
    assert _manage(own_cloud, 'purge', '--before', '2000-01-01')[0] == 3
    code, out = _manage(own_cloud, 'purge', '--all', '--verbose')
    assert code == 0 and 'instances' in out
    assert _manage(own_cloud, 'purge', '--all')[0] == 3
