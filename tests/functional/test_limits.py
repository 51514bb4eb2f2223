"""Limits of the all-in-one over HTTP (issue 15, item 2): request body
size, network size, image size cap, project image quota, full disk.

The image store is a 8 MiB tmpfs (root only), so a full disk is real.
"""

import os
import socket
import subprocess
import time

import pytest
import requests

from tests.functional import cloud as cloud_lib

MIB = 1024 * 1024
OPTIONS = {'glance.create_default_image': 'false',
           'glance.project_storage_quota_mb': 4,
           'glance.image_size_cap': 3 * MIB + MIB // 2,
           'glance.store_reserved_mb': 0}


def _rss(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) * 1024
    raise AssertionError('no VmRSS')


@pytest.fixture(scope='module')
def aio(tmp_path_factory):
    if os.geteuid() != 0:
        pytest.skip('the full-disk store is a tmpfs: needs root')
    workdir = tmp_path_factory.mktemp('limits')
    images = os.path.join(str(workdir), 'images')
    os.makedirs(images)
    subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=8m,mode=0700',
                    'tmpfs', images], check=True)
    cloud = cloud_lib.Cloud(workdir, options=dict(
        OPTIONS, **{'glance.images_path': images}))
    cloud.images_path = images
    try:
        cloud.start()
        yield cloud
    finally:
        cloud.stop(wait=True)  # its daemons gone before the umount
        subprocess.run(['umount', images], check=False)


def _raw_request(port, head, body_part):
    """Send head and only part of the body the head announces; return the
    status line and the rest of the response the server sent anyway."""
    with socket.create_connection(('127.0.0.1', port), timeout=30) as s:
        s.sendall(head + body_part)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed first: it did not wait
        data = b''
        while True:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            data += chunk
    return data


def test_10_mib_body_is_refused_unread_in_the_fault_format(aio):
    pid = aio.processes['nova-all'].pid
    before = _rss(pid)
    head = (b'POST /v2.1/servers HTTP/1.1\r\nHost: x\r\n'
            b'X-Auth-Token: admin:admin\r\nContent-Type: application/json\r\n'
            b'Content-Length: %d\r\n\r\n' % (10 * MIB))
    # 64 KiB of the 10 MiB: the answer comes without waiting for the rest.
    answer = _raw_request(aio.port, head, b'{' + b' ' * 65535)
    assert answer.startswith(b'HTTP/1.1 413')
    assert b'"overLimit"' in answer and b'114688' in answer
    # The whole body sent by a client: the same 413.
    resp = aio.api.post('/servers', data=b'x' * (10 * MIB),
                        headers={'Content-Type': 'application/json'})
    assert resp.status_code == 413
    assert resp.json()['overLimit']['code'] == 413
    assert _rss(pid) - before < 8 * MIB


def test_big_bodies_to_the_other_apis_are_413(aio):
    big = b'x' * (2 * MIB)
    assert requests.post(aio.image_endpoint + '/v2/images', data=big,
                         headers={'X-Auth-Token': 'a:a',
                                  'Content-Type': 'application/json'},
                         timeout=30).status_code == 413
    resp = requests.post(aio.ec2_endpoint + '/', data=big, timeout=30)
    assert resp.status_code == 413
    assert b'<Code>RequestEntityTooLarge</Code>' in resp.content
    assert requests.post(aio.metadata_endpoint + '/openstack/latest/password',
                         data=big, timeout=30).status_code == 413


def test_a_slash_8_network_is_refused_before_allocating(aio):
    """Regression: the /8's 16M addresses were listed before the size
    check (13 s, 1.5 GB); now the size is checked first."""
    pid = aio.processes['nova-all'].pid
    member = aio.api.as_user('alice:tenant-a')
    before = _rss(pid)
    started = time.monotonic()
    resp = member.post('/os-tenant-networks', json={
        'network': {'label': 'huge', 'cidr': '11.0.0.0/8'}})
    took = time.monotonic() - started
    assert resp.status_code == 400
    assert 'max_network_size' in resp.json()['badRequest']['message']
    grew = _rss(pid) - before
    assert grew < 8 * MIB
    print('\n/8 tenant network refused in %.0f ms; RSS grew %d KiB' % (
        took * 1000, grew // 1024))
    admin = aio.api.post('/os-networks', json={
        'network': {'label': 'huge', 'cidr': '12.0.0.0/8'}})
    assert admin.status_code == 400
    listed = member.get('/os-tenant-networks').json()['networks']
    assert 'huge' not in {n['label'] for n in listed}


class Images:
    """The image API as user:project."""

    def __init__(self, aio, project):
        self.url = aio.image_endpoint + '/v2/images'
        self.headers = {'X-Auth-Token': 'u:%s' % project}

    def create(self):
        resp = requests.post(self.url, json={
            'name': 'img', 'disk_format': 'raw',
            'container_format': 'bare'}, headers=self.headers, timeout=30)
        assert resp.status_code == 201, resp.text
        return resp.json()['id']

    def upload(self, image_id, data):
        return requests.put(
            '%s/%s/file' % (self.url, image_id), data=data, timeout=60,
            headers=dict(self.headers,
                         **{'Content-Type': 'application/octet-stream'}))

    def status(self, image_id):
        return requests.get('%s/%s' % (self.url, image_id),
                            headers=self.headers,
                            timeout=30).json()['status']

    def delete(self, image_id):
        return requests.delete('%s/%s' % (self.url, image_id),
                               headers=self.headers, timeout=30)


def _chunks(total, size=256 * 1024):
    """A generator body: sent chunked, without a Content-Length."""
    for _ in range(total // size):
        yield b'z' * size


def _store_files(aio):
    return sorted(os.listdir(aio.images_path))


def test_image_size_cap_and_project_quota_are_413(aio):
    images = Images(aio, 'quota')
    too_big = images.create()
    resp = images.upload(too_big, b'x' * (3 * MIB + MIB // 2 + 1))
    assert resp.status_code == 413 and 'larger than' in resp.text
    assert images.status(too_big) == 'queued'
    first = images.create()
    assert images.upload(first, b'x' * (3 * MIB)).status_code == 204
    second = images.create()
    resp = images.upload(second, b'x' * (2 * MIB))
    assert resp.status_code == 413
    assert 'storage quota' in resp.text
    # Streamed without a length: stopped when the quota is passed.
    resp = images.upload(second, _chunks(2 * MIB))
    assert resp.status_code == 413
    assert images.status(second) == 'queued'
    assert _store_files(aio) == [first]
    for image_id in (too_big, first, second):
        assert images.delete(image_id).status_code == 204


def test_full_disk_is_507_leaves_nothing_and_delete_frees_space(aio):
    a, b, c = (Images(aio, p) for p in ('full-a', 'full-b', 'full-c'))
    image_a, image_b = a.create(), b.create()
    assert a.upload(image_a, b'a' * (3 * MIB)).status_code == 204
    assert b.upload(image_b, b'b' * (3 * MIB)).status_code == 204
    image_c = c.create()
    # 6 of 8 MiB used: 3 more MiB fill the disk mid-upload.
    resp = c.upload(image_c, _chunks(3 * MIB))
    assert resp.status_code == 507, resp.text
    assert 'no room' in resp.text
    assert c.status(image_c) == 'queued'
    assert _store_files(aio) == sorted([image_a, image_b])
    # The owner frees space; the upload then succeeds.
    assert a.delete(image_a).status_code == 204
    assert c.upload(image_c, _chunks(3 * MIB)).status_code == 204
    assert c.status(image_c) == 'active'
    for images, image_id in ((b, image_b), (c, image_c)):
        assert images.delete(image_id).status_code == 204
    assert _store_files(aio) == []
