"""The compute service's remote consoles: get_console (RPC 1.4).

A mixin of ComputeManager (it uses self.driver and self.host). The driver
says where the guest's console listens; the URL handed to the user points
at the console proxy of that kind, with a fresh token.
"""

import collections

from oslo_log import log as logging
import oslo_messaging as messaging

import nova.conf
from nova import exception
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

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
                          lambda conf: None),
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
                'url': '%s?token=%s' % (base_url, token)}
