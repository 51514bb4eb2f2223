"""The secret the metadata proxies sign with and the metadata service
checks: [metadata] proxy_shared_secret, or, when it is empty and the
data plane is this host's own ([network] plumbing_driver = linux_net),
one generated once into $state_path/metadata_proxy_secret (0600), so a
single-host cloud needs no configuration for its namespace proxies.
Several hosts share no state_path: they must set the option."""

import os
import secrets
import threading

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
    # Written whole, then linked into place: of two processes generating
    # at once, one link wins and the other reads the winner's complete
    # file (never one created but not yet written).
    temporary = '%s.%d.%d.tmp' % (path, os.getpid(), threading.get_ident())
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(secrets.token_hex(32) + '\n')
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(temporary)
    with open(path) as f:
        return f.read().strip()
