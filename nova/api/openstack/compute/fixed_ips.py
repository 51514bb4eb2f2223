"""The fixed IPs resource (os-fixed-ips): show an address, reserve it so it
is never handed out, or unreserve it. Administrators only."""

import ipaddress

from nova.api.openstack.compute.schemas import fixed_ips as schema
from nova.api.openstack import wsgi
from nova.api.openstack.compute import proxy_apis
from nova.network import api as network_api
from nova.network import errors
from nova import policy

RULE = 'os_compute_api:os-fixed-ips'


def _check_address(address):
    try:
        ipaddress.ip_address(address)
    except ValueError:
        raise errors.FixedIpInvalid(address=address)


@wsgi.api(errors=(400, 403, 404), query=schema.show_query,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def show(req, fixed_ip):
    context = req.context
    policy.authorize(context, RULE)
    _check_address(fixed_ip)
    fixed = network_api.get_api().get_fixed_ip(context, fixed_ip)
    view = {key: fixed[key] for key in ('address', 'cidr', 'host',
                                        'hostname')}
    # 2.4 shows whether the address is reserved.
    if req.is_version('2.4'):
        view['reserved'] = fixed['reserved']
    return {'fixed_ip': view}


@wsgi.api(success=202, errors=(400, 403, 404), body=schema.action,
          max_version=proxy_apis.PROXY_MAX_VERSION)
def action(req, fixed_ip, body):
    context = req.context
    policy.authorize(context, RULE)
    _check_address(fixed_ip)
    network_api.get_api().set_fixed_ip_reserved(context, fixed_ip,
                                                'reserve' in body)


ROUTES = [
    ('/os-fixed-ips/{fixed_ip}/action', {'POST': action}),
    ('/os-fixed-ips/{fixed_ip}', {'GET': show}),
]
