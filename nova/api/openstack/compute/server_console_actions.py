"""Console actions: os-getVNCConsole, os-getSPICEConsole,
os-getSerialConsole, os-getRDPConsole (before 2.6; the remote-consoles
API replaces them), dispatched by server_actions."""

from nova.api.openstack.compute.actions import Action
from nova.api.openstack.compute import remote_consoles
from nova.api.openstack.compute.schemas import remote_consoles as schema
from nova.api.openstack import wsgi

_LAST_VERSION = '2.5'


def _console_of(protocol):
    def handler(req, api, instance, argument):
        console = remote_consoles.get_console(req, instance, protocol,
                                              argument['type'])
        return wsgi.Response({'console': {'type': console['type'],
                                          'url': console['url']}}, 200)
    return handler


def _action(protocol, argument_schema):
    return Action(remote_consoles.RULE, argument_schema,
                  _console_of(protocol), max_version=_LAST_VERSION)


ACTIONS = {
    'os-getVNCConsole': _action('vnc', schema.get_vnc_console),
    'os-getSPICEConsole': _action('spice', schema.get_spice_console),
    'os-getRDPConsole': _action('rdp', schema.get_rdp_console),
    'os-getSerialConsole': _action('serial', schema.get_serial_console),
}
