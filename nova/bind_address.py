"""Chooses the address every HTTP listener binds, refusing unsafe ones.

With [api] auth_strategy = noauth2 anyone who reaches a listener that
takes tokens is whoever they claim to be (admin without a token), so such
listeners bind the loopback address unless the operator names another,
and a non-loopback address needs [api] allow_unauthenticated_remote_access.
Every listener goes through wsgi_server.Server, which calls choose().
"""

import ipaddress
import socket

from oslo_log import log as logging

import nova.conf

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

LOOPBACK = '127.0.0.1'
ALL_ADDRESSES = '0.0.0.0'


class UnsafeListenAddress(Exception):
    """A noauth2 listener was asked to bind a non-loopback address."""


def is_loopback(host):
    """Whether every address host stands for is a loopback address."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    return bool(infos) and all(
        ipaddress.ip_address(info[4][0].split('%')[0]).is_loopback
        for info in infos)


def noauth():
    return CONF.api.auth_strategy == 'noauth2'


def default_host(token_auth=True):
    """Where a listener binds when its listen option is unset.

    Loopback with noauth2. The metadata service (token_auth=False: it
    knows callers by their fixed IP, not by tokens) also listens on every
    address when this host's guests reach it over the linux_net data plane,
    which sends their 169.254.169.254 traffic to the bridge's address.
    """
    if not noauth():
        return ALL_ADDRESSES
    if not token_auth and CONF.network.plumbing_driver == 'linux_net':
        return ALL_ADDRESSES
    return LOOPBACK


def choose(name, host, token_auth=True):
    """The address listener name binds; raises UnsafeListenAddress when a
    token-taking listener would serve noauth2 beyond this host."""
    if not host:
        host = default_host(token_auth)
    if not token_auth or not noauth() or is_loopback(host):
        return host
    if not CONF.api.allow_unauthenticated_remote_access:
        raise UnsafeListenAddress(
            '%(name)s would listen on %(host)s with [api] auth_strategy = '
            'noauth2: anyone reaching that address could act as any user, '
            'admin included, without a token. Use auth_strategy = keystone, '
            'listen on 127.0.0.1, or set [api] '
            'allow_unauthenticated_remote_access = true to accept that '
            'risk.' % {'name': name, 'host': host})
    LOG.warning('%(name)s listens on %(host)s with noauth2: every caller '
                'that reaches it is trusted as whoever it claims to be '
                '(allow_unauthenticated_remote_access is set).',
                {'name': name, 'host': host})
    return host
