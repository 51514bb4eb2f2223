"""Serves the Neutron API's calls that reach the Compute API endpoint.

With `openstack --os-auth-type none --os-endpoint http://host:8774/v2.1`,
keystoneauth gives that one endpoint to every service, the network
service too. Paths under /v2.0 (or /v2.1/v2.0, the endpoint with the
Neutron path appended) are never the Compute API's: they go to the
Neutron API as /v2.0/.... openstacksdk's network proxy may instead
append its paths to the compute version prefix (/v2.1/networks ...);
like its image calls (nova/api/image/compat.py) those carry no compute
microversion header, which tells them from compute calls, and they go
to the Neutron API as /v2.0/....
"""

import re

from nova.api.image import compat as image_compat

# The Neutron collections; none is a Compute API path.
_COLLECTIONS = ('networks', 'subnets', 'ports', 'security-groups',
                'security-group-rules', 'floatingips', 'routers',
                'quotas', 'availability_zones', 'extensions')
# A client given the compute endpoint with a token (keystoneauth's
# admin_token plugin) appends /v2.0/... to it: /v2.1/v2.0/...
_V20 = re.compile(r'^(?:/v2(?:\.1)?)?(/v2\.0(?:/.*)?)$')
_PREFIXED = re.compile(r'^/v2(?:\.1)?(/(?:%s)(?:[/.].*)?)$'
                       % '|'.join(re.escape(c) for c in _COLLECTIONS))


def network_path(environ):
    """The Neutron API path of a request at the compute endpoint, or
    None for the Compute API's own requests."""
    path = environ.get('PATH_INFO', '')
    match = _V20.match(path)
    if match:
        return match.group(1)
    if not environ.get('HTTP_USER_AGENT', '').startswith('openstacksdk/'):
        return None
    if any(environ.get(h) for h in image_compat._MICROVERSION_HEADERS):
        return None
    match = _PREFIXED.match(path)
    return '/v2.0' + match.group(1) if match else None


class NetworkRequests:
    """WSGI app: Neutron API calls to network_app, the rest to
    compute_app."""

    def __init__(self, compute_app, network_app):
        self.compute_app = compute_app
        self.network_app = network_app

    def __call__(self, environ, start_response):
        path = network_path(environ)
        if path is None:
            return self.compute_app(environ, start_response)
        environ['PATH_INFO'] = path
        return self.network_app(environ, start_response)


def wrap(compute_app, conf):
    """compute_app, answering the Neutron API's calls too."""
    from nova.api.network import deploy
    return NetworkRequests(compute_app, deploy.loadapp(conf))
