"""The libvirt config drive carries what the metadata service serves.

The drive is built as nova-compute builds it (no database: objects go
through a stand-in conductor), read back from the ISO 9660 image with
isoinfo, and every file is compared with the service's answer for the
same instance.
"""

import json
import shutil
import subprocess

import pytest

from nova.api.metadata import gather
from nova.api.metadata import handler
from nova.db import api as db_api
from nova import exception
from nova.objects import base
from nova.virt.libvirt import configdrive
from tests import libvirt_env
from tests.unit import test_metadata_service as service

# meta_data.json's random_seed is fresh entropy on every read.
FRESH = 'random_seed'


@pytest.fixture
def app(conf, db):
    conf.set_override('proxy_shared_secret', service.SECRET,
                      group='metadata')
    conf.set_override('cache_expiration', 0, group='metadata')
    return handler.loadapp(conf)


def _iso_files(path):
    """{relative path: bytes} of the files on an ISO 9660 image."""
    if not shutil.which('isoinfo'):
        libvirt_env.missing('isoinfo (genisoimage) is not installed')
    listing = subprocess.run(['isoinfo', '-R', '-f', '-i', path],
                             capture_output=True, text=True,
                             check=True).stdout.split()
    names = set(listing)
    files = {}
    for name in listing:
        if any(other.startswith(name + '/') for other in names):
            continue  # a directory
        files[name.lstrip('/')] = subprocess.run(
            ['isoinfo', '-R', '-x', name, '-i', path], capture_output=True,
            check=True).stdout
    return files


def _build_without_database(admin_context, instance, path, injected=()):
    """configdrive.make as nova-compute runs it: objects through the
    conductor, the database off everywhere else."""
    if not shutil.which('genisoimage'):
        libvirt_env.missing('genisoimage is not installed')
    conductor = service._Conductor(db_api)
    base.NovaObject.indirection_api = conductor
    try:
        configdrive.make(path, admin_context, instance, injected)
        with pytest.raises(exception.DBNotAllowed):
            gather.ec2_ids(admin_context, instance)  # reads the database
    finally:
        base.NovaObject.indirection_api = None
        conductor.enable()
    assert ('InstanceMetadataFacts', 'get_by_instance') in conductor.calls
    return _iso_files(path)


def _ec2_leaves(node, prefix=''):
    """(path, text) of each value of an EC2 meta-data tree."""
    for key, value in node.items():
        path = prefix + key.split('=', 1)[0]
        if isinstance(value, dict):
            yield from _ec2_leaves(value, path + '/')
        elif isinstance(value, (list, tuple)):
            yield path, '\n'.join(str(v) for v in value)
        else:
            yield path, str(value)


def test_drive_files_are_what_the_metadata_service_serves(
        app, admin_context, tmp_path):
    vm = service._instance(admin_context, 'drive')
    drive = _build_without_database(admin_context, vm,
                                    str(tmp_path / 'disk.config'))
    get = lambda path: service._get(app, path, vm.uuid)  # noqa: E731

    versions = get('/openstack').text.split('\n')
    assert sorted({n.split('/')[1] for n in drive
                   if n.startswith('openstack/')}) == sorted(versions)
    compared = 0
    for version in versions:
        served = [n for n in get('/openstack/%s' % version).text.split('\n')
                  if n != 'password']  # posted by the guest, not a file
        on_drive = sorted(n.rsplit('/', 1)[1] for n in drive
                          if n.startswith('openstack/%s/' % version))
        assert on_drive == sorted(served), version
        for name in served:
            body = get('/openstack/%s/%s' % (version, name))
            assert body.status_int == 200
            ours = drive['openstack/%s/%s' % (version, name)]
            if name == 'meta_data.json':
                ours, theirs = json.loads(ours), json.loads(body.body)
                assert (FRESH in ours) == (FRESH in theirs)
                ours.pop(FRESH, None)
                theirs.pop(FRESH, None)
                assert ours == theirs, version
            else:
                assert ours == body.body, (version, name)
            compared += 1

    for version in get('/').text.split('\n'):
        if version == 'openstack':
            continue
        tree = json.loads(drive['ec2/%s/meta-data.json' % version])
        for path, text in _ec2_leaves(tree):
            assert get('/%s/meta-data/%s' % (version, path)).text == text, (
                version, path)
            compared += 1
        assert drive['ec2/%s/user-data' % version] == get(
            '/%s/user-data' % version).body
    assert compared > 100
    assert json.loads(drive['openstack/latest/meta_data.json'])[
        'uuid'] == vm.uuid
    assert drive['openstack/latest/user_data'] == b'#!/bin/sh\necho drive'


def test_injected_files_are_on_the_drive_only(app, admin_context,
                                              tmp_path):
    vm = service._instance(admin_context, 'files')
    drive = _build_without_database(
        admin_context, vm, str(tmp_path / 'disk.config'),
        [('/etc/motd', b'hello'), ('/root/note', 'text')])
    assert drive['openstack/content/0000'] == b'hello'
    assert drive['openstack/content/0001'] == b'text'
    meta = json.loads(drive['openstack/latest/meta_data.json'])
    assert meta['files'] == [
        {'path': '/etc/motd', 'content_path': '/content/0000'},
        {'path': '/root/note', 'content_path': '/content/0001'}]
    # The service never had them: only the guest that booted with them.
    served = json.loads(service._get(
        app, '/openstack/latest/meta_data.json', vm.uuid).body)
    assert served['files'] == []
