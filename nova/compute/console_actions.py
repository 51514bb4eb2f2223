"""The compute service's remote consoles: get_console (RPC 1.4), and
forgetting them when their guest goes (deleted or moved).

A mixin of ComputeManager (it uses self.driver and self.host). The driver
says where the guest's console listens; the URL handed to the user points
at the console proxy of that kind, with a fresh token.
"""

import collections
import urllib.parse

from oslo_log import log as logging
import oslo_messaging as messaging

import nova.conf
from nova import exception
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# How often a compute host drops the expired console tokens.
CLEAN_EXPIRED_SECONDS = 600

ConsoleKind = collections.namedtuple('ConsoleKind', [
    'protocol',      # as the remote-consoles API names it
    'driver_method',  # the ConsoleInterface method giving its endpoint
    'proxy_url',     # conf -> public base URL of its proxy, None if none
])

# Console type (the API's "type") -> how to open it.
KINDS = {
    'novnc': ConsoleKind('vnc', 'get_vnc_console',
                         lambda conf: conf.vnc.enabled and
                         conf.vnc.novncproxy_base_url),
    'xvpvnc': ConsoleKind('vnc', 'get_vnc_console',
                          lambda conf: conf.vnc.enabled and
                          conf.vnc.xvpvncproxy_base_url),
    # No proxies of these kinds yet: a driver offering them still answers
    # "unavailable" until their proxy options exist.
    'spice-html5': ConsoleKind('spice', 'get_spice_console',
                               lambda conf: None),
    # 2.99: a SPICE client connects to the guest's console itself (the
    # token tells the proxy where); no SPICE here either.
    'spice-direct': ConsoleKind('spice', 'get_spice_console',
                                lambda conf: None),
    'rdp-html5': ConsoleKind('rdp', 'get_rdp_console', lambda conf: None),
    'serial': ConsoleKind('serial', 'get_serial_console',
                          lambda conf: conf.serial_console.enabled and
                          conf.serial_console.base_url),
    'webmks': ConsoleKind('mks', 'get_mks_console', lambda conf: None),
}


class ConsoleActionsMixin:
    """RPC methods 1.4: remote consoles of ComputeManager."""

    @messaging.expected_exceptions(exception.ConsoleTypeInvalid,
                                   exception.ConsoleTypeUnavailable,
                                   exception.InstanceNotReady)
    def get_console(self, context, instance, console_type):
        """{'protocol', 'type', 'url'} of a new console of instance."""
        return self._open_console(context, instance, console_type)

    def _open_console(self, context, instance, console_type):
        """get_console's work; its errors are the caller's to answer."""
        kind = KINDS.get(console_type)
        if kind is None:
            raise exception.ConsoleTypeInvalid(console_type=console_type)
        base_url = kind.proxy_url(CONF)
        if not base_url:
            raise exception.ConsoleTypeUnavailable(console_type=console_type)
        try:
            endpoint = getattr(self.driver, kind.driver_method)(context,
                                                                instance)
        except NotImplementedError:
            raise exception.ConsoleTypeUnavailable(console_type=console_type)
        except exception.InstanceNotFound:
            raise exception.InstanceNotReady(instance_id=instance.uuid)
        # The proxy (and os-console-auth-tokens) find the endpoint by it.
        token = objects.ConsoleAuthToken(
            context=context, console_type=console_type, host=endpoint.host,
            port=endpoint.port,
            internal_access_path=endpoint.internal_access_path,
            instance_uuid=instance.uuid).authorize(
                CONF.consoleauth.token_ttl)
        LOG.info('Opened a %s console of instance %s on %s', console_type,
                 instance.uuid, self.host)
        return {'protocol': kind.protocol, 'type': console_type,
                'url': access_url(console_type, base_url, token)}

    def forget_consoles(self, context, instance):
        """Invalidate the instance's console tokens: its guest is gone
        from this host, so their endpoints no longer lead to it."""
        try:
            objects.ConsoleAuthToken.clean_console_auths_for_instance(
                context, instance.uuid)
        except Exception:
            # They still expire; a failure here must not fail the delete.
            LOG.exception('Could not remove the console tokens of %s',
                          instance.uuid)

    def clean_expired_consoles(self, context):
        """Periodic task: drop the tokens that have expired."""
        objects.ConsoleAuthToken.clean_expired_console_auths(context)


def access_url(console_type, base_url, token):
    """The URL the user opens. noVNC pages (1.1 and later) take the
    websocket's path in their 'path' parameter, the token inside it."""
    if console_type == 'novnc':
        return '%s?%s' % (base_url, urllib.parse.urlencode(
            {'path': '?token=%s' % token}))
    return '%s?token=%s' % (base_url, token)
