"""[glance] backend = glance against a real Glance (tools/peers), the
paths that failed in issue 19's Tempest run: the image metadata proxy
and shelve.

Glance comes from tools/peers/install.sh (a virtual environment of its
own, outside the repository); the test is skipped when it has not been
installed, as installing takes minutes and the network.
"""

import glob
import os
import sys

import pytest
import requests

from tests.functional import cloud as cloud_lib
from tests.functional.actions_helpers import accepted
from tests.functional.actions_helpers import boot
from tests.functional.actions_helpers import delete
from tests.functional.actions_helpers import idle
from tests.functional.actions_helpers import settled

PEERS = os.path.join(os.path.dirname(__file__), '..', '..', 'tools',
                     'peers')
CACHE = os.environ.get('NOVA_PEERS_CACHE', '/var/cache/nova-peers')
OWNER = 'gus:proj-real-glance'


def _glance_installed():
    return bool(glob.glob(os.path.join(CACHE, 'glance-*',
                                       '.nova-peer-installed')))


@pytest.fixture(scope='module')
def glance(tmp_path_factory):
    if not _glance_installed():
        pytest.skip('no real Glance: run tools/peers/install.sh glance '
                    '(installs pinned Glance into %s)' % CACHE)
    sys.path.insert(0, os.path.abspath(PEERS))
    try:
        import glance_peer
    finally:
        sys.path.pop(0)
    running = glance_peer.Glance(str(tmp_path_factory.mktemp('glance')))
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope='module')
def on_real_glance(glance, tmp_path_factory):
    """An all-in-one whose images live in the real Glance."""
    running = cloud_lib.Cloud(tmp_path_factory.mktemp('on-real-glance'),
                              options={'glance.backend': 'glance',
                                       'glance.api_servers': glance.url})
    try:
        running.start()
    except Exception:
        running.stop()
        raise
    yield running
    running.stop()


def _upload(glance, name):
    """An active image in Glance, made with Glance's own API."""
    resp = requests.post(glance.url + '/v2/images', json={
        'name': name, 'disk_format': 'raw', 'container_format': 'bare',
        'visibility': 'public'}, timeout=30)
    assert resp.status_code == 201, resp.text
    image = resp.json()
    resp = requests.put(glance.url + image['file'], data=b'\0' * 65536,
                        headers={'Content-Type': 'application/octet-stream'},
                        timeout=30)
    assert resp.status_code == 204, resp.text
    return image['id']


def test_image_metadata_proxy_on_real_glance(glance, on_real_glance):
    """Root cause: Glance's read-only `stores` was taken for a property
    and sent back in the PATCH: 409 "Property stores does not exist"."""
    image_id = _upload(glance, 'proxied')
    shown = requests.get(glance.url + '/v2/images/' + image_id,
                         timeout=30).json()
    assert 'stores' in shown  # what this Glance adds to every image
    api = on_real_glance.api
    path = '/images/%s/metadata' % image_id
    resp = api.post(path, json={'metadata': {'purpose': 'proxy'}})
    assert resp.status_code == 200, resp.text
    resp = api.put(path, json={'metadata': {'purpose': 'replaced',
                                            'other': 'x'}})
    assert resp.status_code == 200, resp.text
    assert api.delete(path + '/other').status_code == 204
    metadata = api.get(path).json()['metadata']
    assert metadata == {'purpose': 'replaced'}
    assert requests.get(glance.url + '/v2/images/' + image_id,
                        timeout=30).json()['purpose'] == 'replaced'


def test_shelve_and_snapshot_on_real_glance(glance, on_real_glance):
    """Root cause: the snapshot shelve creates copied the base image's
    properties, `stores` among them: Glance answered 403 "Attribute
    'stores' is read-only"."""
    image_id = _upload(glance, 'bootable')
    api = on_real_glance.api.as_user(OWNER)
    server_id = boot(api, 'shelved-on-glance', image=image_id)
    accepted(api, server_id, {'createImage': {'name': 'real-snap'}})
    idle(api, server_id)
    snaps = api.get('/images/detail?name=real-snap').json()['images']
    assert [s['status'] for s in snaps] == ['ACTIVE']
    accepted(api, server_id, {'shelve': None})
    api.wait_for_status(server_id, ['SHELVED', 'SHELVED_OFFLOADED'])
    accepted(api, server_id, {'unshelve': None})
    settled(api, server_id, 'ACTIVE')
    delete(api, server_id)
