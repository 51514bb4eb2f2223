"""Encrypts EC2 secret keys at rest with the Fernet keys of a key file.

As Keystone keeps its credentials: the database holds Fernet tokens, the
keys live in [ec2] credential_key_file (0600, made on first use), so a
copy of the database alone reveals no secret.
"""

import os
import threading

from cryptography import fernet

from nova import private_files

_lock = threading.Lock()
_cache = {}
# Every Fernet token starts with its version byte 0x80, base64 "gA".
_TOKEN_PREFIX = 'gA'


def _keys(path):
    """The keys of path, one a line; the file is made with one new key."""
    with _lock:
        if path not in _cache:
            private_files.ensure_dir(os.path.dirname(os.path.abspath(path)))
            private_files.write_new(path, fernet.Fernet.generate_key() +
                                    b'\n')
            with open(path, 'rb') as f:
                keys = [line.strip() for line in f if line.strip()]
            if not keys:
                raise ValueError('%s holds no Fernet key' % path)
            _cache[path] = fernet.MultiFernet(
                [fernet.Fernet(k) for k in keys])
        return _cache[path]


def encrypt(conf, secret):
    """The Fernet token to store for secret (a str)."""
    return _keys(conf.ec2.credential_key_file).encrypt(
        secret.encode()).decode()


def is_encrypted(stored):
    return stored.startswith(_TOKEN_PREFIX)


def decrypt(conf, stored):
    """The secret of a stored token; raises fernet.InvalidToken when no
    key of the key file made it."""
    return _keys(conf.ec2.credential_key_file).decrypt(
        stored.encode()).decode()


def forget_keys():
    """Drop the cached keys (tests, key rotation)."""
    with _lock:
        _cache.clear()
