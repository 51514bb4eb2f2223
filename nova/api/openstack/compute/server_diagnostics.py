"""GET /servers/{server_id}/diagnostics: the hypervisor's counters of a
running server (administrators only): the driver's free-form dict up to
2.47, from 2.48 the standard fields every driver fills (null for what it
cannot tell)."""

from nova.api.openstack.compute.schemas import server_diagnostics as schema
from nova.api.openstack.compute import servers
from nova.api.openstack import wsgi

# The 2.48 view: its plain fields, and the fields of each item of its
# lists and of memory_details.
_FIELDS = ('state', 'driver', 'hypervisor', 'hypervisor_os', 'uptime',
           'config_drive', 'num_cpus', 'num_nics', 'num_disks')
_LIST_FIELDS = {
    'cpu_details': ('id', 'time', 'utilisation'),
    'nic_details': ('mac_address', 'rx_octets', 'rx_errors', 'rx_drop',
                    'rx_packets', 'rx_rate', 'tx_octets', 'tx_errors',
                    'tx_drop', 'tx_packets', 'tx_rate'),
    'disk_details': ('read_bytes', 'read_requests', 'write_bytes',
                     'write_requests', 'errors_count'),
}
_MEMORY_FIELDS = ('maximum', 'used')


def _diagnostics(req, server_id, method):
    instance = servers.authorized_server(
        req, server_id, 'os_compute_api:os-server-diagnostics')
    try:
        return getattr(servers._compute(), method)(req.context, instance)
    except NotImplementedError:
        raise wsgi.Fault(501, 'Unable to get diagnostics: the hypervisor '
                              'of this server does not support them.')


def _picked(values, names):
    return {name: (values or {}).get(name) for name in names}


@wsgi.api(errors=(403, 404, 409, 501), query=schema.show_query,
          max_version='2.47')
def show(req, server_id):
    return _diagnostics(req, server_id, 'get_diagnostics')


@wsgi.api(errors=(403, 404, 409, 501), query=schema.show_query,
          min_version='2.48')
def show_v248(req, server_id):
    """2.48: the standard format."""
    found = _diagnostics(req, server_id, 'get_instance_diagnostics')
    view = _picked(found, _FIELDS)
    for name, fields in _LIST_FIELDS.items():
        view[name] = [_picked(item, fields) for item in found.get(name) or []]
    view['memory_details'] = _picked(found.get('memory_details'),
                                     _MEMORY_FIELDS)
    return view


ROUTES = [
    ('/servers/{server_id}/diagnostics', {'GET': [show, show_v248]}),
]
