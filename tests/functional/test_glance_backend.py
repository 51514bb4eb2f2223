"""[glance] backend = glance: a cloud whose images live in another image
service speaking Glance v2, over HTTP.

The "Glance" here is the built-in image service of the `aio` cloud (it
speaks the Glance v2 API); test_real_glance.py runs the same paths
against a real Glance when one is installed.
"""

import socket
import subprocess

import pytest

from tests.functional import cloud as cloud_lib
from tests.functional.actions_helpers import accepted
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import idle
from tests.functional.actions_helpers import settled

OWNER = 'gina:proj-glance'


@pytest.fixture(scope='module')
def on_glance(aio, tmp_path_factory):
    """An all-in-one whose image backend is aio's image service."""
    workdir = tmp_path_factory.mktemp('on-glance')
    running = cloud_lib.Cloud(workdir, options={
        'glance.backend': 'glance',
        'glance.api_servers': aio.image_endpoint,
        'glance.create_default_image': 'false'})
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


def _listening(port):
    with socket.socket() as sock:
        return sock.connect_ex(('127.0.0.1', port)) == 0


def test_images_come_from_glance(aio, on_glance):
    """With backend glance the built-in image service stays off (its port
    free) and the Compute API's image proxy shows Glance's images."""
    assert not _listening(on_glance.image_port)
    ours = {i['id'] for i in on_glance.api.get('/images').json()['images']}
    theirs = {i['id'] for i in aio.api.get('/images').json()['images']}
    assert ours == theirs and ours
    image = on_glance.api.get('/images').json()['images'][0]
    assert on_glance.api.get('/images/%s' % image['id']).json()['image'][
        'links'][2]['href'].startswith(aio.image_endpoint)


def test_metadata_proxy_and_shelve_through_glance(aio, on_glance):
    """Image metadata through /images/{id}/metadata and shelve (a snapshot
    created in Glance) work with the Glance client (issue 19: a real
    Glance answered 409 and 403 when read-only names went back)."""
    api = on_glance.api.as_user(OWNER)
    server_id = boot(api, 'on-glance')
    accepted(api, server_id, {'createImage': {'name': 'glance-snap'}})
    idle(api, server_id)
    snaps = api.get('/images/detail?name=glance-snap').json()['images']
    assert len(snaps) == 1
    path = '/images/%s/metadata' % snaps[0]['id']
    resp = api.post(path, json={'metadata': {'purpose': 'test'}})
    assert resp.status_code == 200, resp.text
    resp = api.put(path + '/purpose', json={'meta': {'purpose': 'again'}})
    assert resp.status_code == 200, resp.text
    assert api.get(path).json()['metadata']['purpose'] == 'again'
    accepted(api, server_id, {'shelve': None})
    api.wait_for_status(server_id, ['SHELVED', 'SHELVED_OFFLOADED'])
    accepted(api, server_id, {'unshelve': None})
    settled(api, server_id, 'ACTIVE')
    delete(api, server_id)
    assert api.delete('/images/%s' % snaps[0]['id']).status_code == 204


def test_glance_backend_without_endpoint_refuses_to_start(tmp_path):
    """backend = glance without api_servers used to start and fail every
    image call; nova-all now exits at once, naming the option."""
    conf = tmp_path / 'nova.conf'
    conf.write_text('[DEFAULT]\nstate_path = %s\n[glance]\nbackend = glance\n'
                    % tmp_path)
    proc = subprocess.run(
        [cloud_lib.BIN + '/nova-all', '--config-file', str(conf)],
        capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert 'api_servers is empty' in proc.stderr, proc.stderr
