"""nova-manage keystone register-endpoints: the built-in services of this
cloud as services and endpoints of the Keystone catalog.

    nova-manage --config-file nova.conf keystone register-endpoints \\
        --host api.example.org [--region RegionOne]

The Keystone administrator's credentials come as for the `openstack`
client: the OS_* environment variables (OS_AUTH_URL, OS_USERNAME,
OS_PASSWORD, OS_PROJECT_NAME, OS_USER_DOMAIN_NAME, ...) or --os-* options.
Each endpoint's URL is http://<host>:<port> with the port the service
listens on in this configuration: compute (the Compute API, /v2.1),
image (the built-in image API, with [glance] backend = local), network
(the built-in Neutron API, with [network] backend = builtin),
block-storage and volumev3 (the built-in Block Storage v3 API, with
[volume] backend = builtin, at /v3/$(project_id)s as Cinder's) and ec2
(the EC2 API). Run again after a change: existing services of these
types are reused and their endpoints' URLs updated, so the command is
idempotent.
"""

import argparse
import sys

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import loading as ks_loading
from keystoneauth1 import session as ks_session

import nova.conf

CONF = nova.conf.CONF
INTERFACES = ('public', 'internal', 'admin')


def services():
    """(service type, name, description, port, path) of each built-in
    service this configuration serves."""
    found = [('compute', 'nova', 'Compute API',
              CONF.osapi_compute_listen_port, '/v2.1')]
    if CONF.glance.backend == 'local':
        found.append(('image', 'nova-image', 'Built-in image service '
                      '(Glance v2 API)', CONF.image_api_listen_port, ''))
    if CONF.network.backend == 'builtin':
        found.append(('network', 'nova-network', 'Built-in networking '
                      '(Neutron v2.0 API)', CONF.network_api.bind_port, ''))
    if CONF.volume.backend == 'builtin':
        # block-storage is the official type, volumev3 the one the
        # openstack CLI (through cinderclient) looks up.
        for kind, name in (('block-storage', 'nova-volume'),
                           ('volumev3', 'nova-volumev3')):
            found.append((kind, name, 'Built-in volume service (Block '
                          'Storage v3 API)', CONF.volume_api.bind_port,
                          '/v3/$(project_id)s'))
    found.append(('ec2', 'nova-ec2', 'EC2 API', CONF.ec2_listen_port, '/'))
    return found


class Catalog:
    """The services and endpoints collections of Keystone v3."""

    def __init__(self, session):
        self.session = session
        base = session.get_endpoint(service_type='identity',
                                    interface='public').rstrip('/')
        self.base = base[:-len('/v3')] if base.endswith('/v3') else base

    def _call(self, method, path, body=None):
        resp = self.session.request(self.base + path, method, json=body)
        return resp.json() if resp.content else None

    def service(self, service_type, name, description):
        found = self._call('GET', '/v3/services?type=%s'
                           % service_type)['services']
        if found:
            return found[0], False
        return self._call('POST', '/v3/services', {'service': {
            'type': service_type, 'name': name, 'enabled': True,
            'description': description}})['service'], True

    def endpoint(self, service_id, interface, region, url):
        """'created', 'updated' or 'unchanged'."""
        found = self._call(
            'GET', '/v3/endpoints?service_id=%s&interface=%s&region_id=%s'
            % (service_id, interface, region))['endpoints']
        if not found:
            self._call('POST', '/v3/endpoints', {'endpoint': {
                'service_id': service_id, 'interface': interface,
                'region_id': region, 'url': url, 'enabled': True}})
            return 'created'
        if found[0]['url'] == url:
            return 'unchanged'
        self._call('PATCH', '/v3/endpoints/%s' % found[0]['id'],
                   {'endpoint': {'url': url}})
        return 'updated'


def register_endpoints(args):
    """Register the built-in services as endpoints in Keystone."""
    auth = ks_loading.load_auth_from_argparse_arguments(args)
    try:
        catalog = Catalog(ks_session.Session(auth=auth))
        _register(catalog, args)
    except ks_exc.ClientException as error:
        print('Keystone refused or could not be reached: %s' % error,
              file=sys.stderr)
        return 1
    return 0


def _register(catalog, args):
    for service_type, name, description, port, path in services():
        url = 'http://%s:%d%s' % (args.endpoint_host, port, path)
        service, created = catalog.service(service_type, name, description)
        results = {interface: catalog.endpoint(service['id'], interface,
                                               args.endpoint_region, url)
                   for interface in INTERFACES}
        print('%-13s %-40s service %s, endpoints %s' % (
            service_type, url, 'created' if created else 'kept',
            ', '.join('%s %s' % item for item in sorted(results.items()))))


def add_commands(subparsers):
    keystone = subparsers.add_parser(
        'keystone', help='the Keystone catalog')
    actions = keystone.add_subparsers(dest='action')
    register = actions.add_parser(
        'register-endpoints', help=register_endpoints.__doc__,
        description=__doc__.split('\n\n', 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    register.add_argument('--host', required=True, dest='endpoint_host',
                          help='Host name or address clients reach the '
                               'services at (the endpoints\' URLs).')
    register.add_argument('--region', default='RegionOne',
                          dest='endpoint_region',
                          help='Region of the endpoints (default '
                               'RegionOne).')
    ks_loading.register_auth_argparse_arguments(register, sys.argv[1:],
                                                default='password')
    register.set_defaults(func=register_endpoints)
