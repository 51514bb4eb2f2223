"""Which requests at the Compute API endpoint go to the Neutron API.

openstacksdk's network proxy, given the compute endpoint alone (auth type
none), calls <compute>/v2.1/networks ... without a compute microversion
(recorded from openstack network list against a logging server).
"""

import pytest

from nova.api.network import compat

SDK = 'openstacksdk/4.22.0 keystoneauth1/5.18.1 python-requests/2.34.2'


@pytest.mark.parametrize('path,agent,headers,expected', [
    ('/v2.0/networks', 'curl/8', {}, '/v2.0/networks'),
    ('/v2.0', 'curl/8', {}, '/v2.0'),
    # The compute endpoint with the Neutron path appended (a token and
    # an endpoint: keystoneauth's admin_token plugin).
    ('/v2.1/v2.0/networks', SDK, {}, '/v2.0/networks'),
    ('/v2/v2.0/floatingips', 'curl/8', {}, '/v2.0/floatingips'),
    ('/v2.1/v2.0x', SDK, {}, None),
    ('/v2.1/networks', SDK, {}, '/v2.0/networks'),
    ('/v2.1/security-groups/x', SDK, {}, '/v2.0/security-groups/x'),
    ('/v2.1/floatingips', SDK, {}, '/v2.0/floatingips'),
    ('/v2/extensions', SDK, {}, '/v2.0/extensions'),
    # The SDK's compute calls carry a microversion.
    ('/v2.1/extensions', SDK,
     {'HTTP_OPENSTACK_API_VERSION': 'compute 2.1'}, None),
    # Other clients of the Compute API keep it.
    ('/v2.1/networks', 'python-novaclient', {}, None),
    ('/v2.1/os-networks', SDK, {}, None),
    ('/v2.1/servers', SDK, {}, None),
])
def test_network_path(path, agent, headers, expected):
    environ = dict(headers, PATH_INFO=path, HTTP_USER_AGENT=agent)
    assert compat.network_path(environ) == expected
