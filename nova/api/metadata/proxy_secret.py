"""The secret the metadata proxies sign with and the metadata service
checks: [metadata] proxy_shared_secret, or, when it is empty and the
data plane is this host's own ([network] plumbing_driver = linux_net),
one generated once into $state_path/metadata_proxy_secret (0600), so a
single-host cloud needs no configuration for its namespace proxies.
Several hosts share no state_path: they must set the option."""

import os
import secrets

import nova.conf

CONF = nova.conf.CONF

FILE = 'metadata_proxy_secret'


def get():
    """The shared secret ('' when none: the signed headers are
    ignored)."""
    if CONF.metadata.proxy_shared_secret:
        return CONF.metadata.proxy_shared_secret
    if CONF.network.plumbing_driver != 'linux_net':
        return ''
    path = os.path.join(CONF.state_path, FILE)
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        pass
    value = secrets.token_hex(32)
    try:
        # O_EXCL: of two processes generating at once, one wins and the
        # other reads the winner's.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        with open(path) as f:
            return f.read().strip()
    with os.fdopen(fd, 'w') as f:
        f.write(value + '\n')
    return value
