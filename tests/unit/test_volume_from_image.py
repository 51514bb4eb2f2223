"""Volumes made from images hold the image's disk, not its file."""

import os
import shutil
import subprocess

import pytest

from nova.volume import exception
from nova.volume import file_backend

GiB = 1024 ** 3


@pytest.fixture
def backend(conf, tmp_path):
    if not shutil.which('qemu-img'):
        pytest.skip('qemu-img is not installed')
    return file_backend.FileBackend(path=str(tmp_path / 'volumes'),
                                    volume_format='raw')


def test_a_qcow2_image_becomes_a_raw_disk(backend, tmp_path):
    disk = tmp_path / 'disk.raw'
    disk.write_bytes(b'NOVA' * 1024 + b'\0' * (1024 * 1024 - 4096))
    image = tmp_path / 'disk.qcow2'
    subprocess.run(['qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2',
                    str(disk), str(image)], check=True)
    chunks = iter([image.read_bytes()])
    path, fmt = backend.create_from_bytes('v1', chunks, 1,
                                          source_format='qcow2')
    assert fmt == 'raw'
    assert os.path.getsize(path) == GiB
    with open(path, 'rb') as f:
        assert f.read(4096) == b'NOVA' * 1024
    assert sorted(os.listdir(backend.path)) == ['volume-v1']


def test_raw_images_are_copied_as_they_are(backend):
    path, fmt = backend.create_from_bytes('v2', iter([b'abc']), 1)
    with open(path, 'rb') as f:
        assert f.read(3) == b'abc'
    assert (fmt, os.path.getsize(path)) == ('raw', GiB)


def test_a_broken_qcow2_image_fails_and_leaves_no_download(backend):
    with pytest.raises(exception.VolumeBackendFailed) as error:
        backend.create_from_bytes('v3', iter([b'not a qcow2']), 1,
                                  source_format='qcow2')
    assert 'qcow2 image could not be converted' in str(error.value)
    assert os.listdir(backend.path) == []


def test_an_image_disk_larger_than_the_volume_is_refused(backend, tmp_path):
    image = tmp_path / 'big.qcow2'
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', str(image),
                    '2G'], check=True)
    with pytest.raises(exception.VolumeBackendFailed) as error:
        backend.create_from_bytes('v4', iter([image.read_bytes()]), 1,
                                  source_format='qcow2')
    assert 'larger than the 1 GiB volume' in str(error.value)
    assert os.listdir(backend.path) == []


def test_reimage_rewrites_the_volume_in_place(backend):
    """A reimage (API 2.93 rebuilds) writes the image's disk over the
    volume's file, as a creation from the image does."""
    path, _fmt = backend.create_from_bytes('v5', iter([b'OLD-DATA']), 1)
    again, fmt = backend.reimage('v5', path, iter([b'NEW-', b'DATA']), 1)
    assert (again, fmt) == (path, 'raw')
    with open(path, 'rb') as f:
        assert f.read(8) == b'NEW-DATA'
    assert os.path.getsize(path) == GiB
    assert sorted(os.listdir(backend.path)) == ['volume-v5']


def test_a_failed_reimage_leaves_the_old_data(backend):
    path, _fmt = backend.create_from_bytes('v6', iter([b'OLD-DATA']), 1)
    with pytest.raises(exception.VolumeBackendFailed):
        backend.reimage('v6', path, iter([b'not a qcow2 image']), 1,
                        source_format='qcow2')
    with open(path, 'rb') as f:
        assert f.read(8) == b'OLD-DATA'
    assert sorted(os.listdir(backend.path)) == ['volume-v6']
