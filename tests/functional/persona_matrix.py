"""The persona matrix: one row per route of every API, with the status
each persona gets.

The routes come from the routers' own tables (every_route()); a test
fails when one has no row here and is not in EXCLUDED with its reason.
A row names its route by the concrete path it calls; route_of() finds
the template through the same table the router dispatches with, so a
row cannot cover a route it does not reach.

Personas: reader, member and manager of project alpha, the cloud
administrator, and a member of project beta ("other").
Statuses: an int is exact; OK is any 2xx; PASSED is "the policy let the
caller through": not 401, 403 or 404 and not 5xx (the route then needs a
state the shared fixtures do not have, such as a migration in progress).
"""

import collections

import routes as routes_lib

PERSONAS = ('reader', 'member', 'manager', 'admin', 'other')
OK = 'ok'
PASSED = 'passed'

Case = collections.namedtuple(
    'Case', 'api method path expected resource body version',
    defaults=(None, None, None))


def _all(status, **override):
    expected = dict.fromkeys(PERSONAS, status)
    expected.update(override)
    return expected


def anyone(status=200, **override):
    """A route every caller may use (its own things or the cloud's)."""
    return _all(status, **override)


def read(status=200, other=404, **override):
    """Alpha's resource read: alpha reads, the other project cannot see."""
    return _all(status, other=other, **override)


def write(status=OK, other=404, **override):
    """Alpha's resource changed: members and up; readers 403."""
    return _all(status, reader=403, other=other, **override)


def create(status=OK):
    """A new resource in the caller's project: all but readers."""
    return _all(status, reader=403)


def manager(status=OK, other=404):
    """Alpha's managers and administrators."""
    return _all(403, manager=status, admin=status, other=other)


def admin(status=OK, other=403):
    """Administrators only (other: 404 where the resource is alpha's and
    looked up first)."""
    return _all(403, admin=status, other=other)


def gone(status=410):
    """A route upstream removed (every caller alike, never 2xx)."""
    return _all(status)


S = '/servers/{server}'
_SERVER_ACTIONS = {
    # name: (expected, body argument, resource)
    'reboot': (write(), {'type': 'SOFT'}),
    'os-stop': (write(), None),
    'os-start': (write(PASSED), None),
    'pause': (write(), None),
    'unpause': (write(PASSED), None),
    'suspend': (write(), None),
    'resume': (write(PASSED), None),
    'lock': (write(), None),
    'unlock': (write(), None),
    'rescue': (write(), {}),
    'unrescue': (write(PASSED), None),
    'rebuild': (write(), {'imageRef': '{image}'}),
    'changePassword': (write(PASSED), {'adminPass': 'Secret-1234'}),
    'createImage': (write(), {'name': 'snap'}),
    'createBackup': (write(), {'name': 'bk', 'backup_type': 'daily',
                               'rotation': 1}),
    'os-getConsoleOutput': (write(), {}),
    'os-resetState': (admin(other=404), {'state': 'active'}),
    'injectNetworkInfo': (admin(other=404), None),
    'resetNetwork': (admin(other=404), None),
    'restore': (write(PASSED), None),
    'forceDelete': (write(PASSED), None),
    'resize': (write(PASSED), {'flavorRef': '2'}),
    'confirmResize': (write(PASSED), None),
    'revertResize': (write(PASSED), None),
    'migrate': (manager(), None),
    'os-migrateLive': (manager(PASSED), {'host': None,
                                         'block_migration': 'auto'}),
    'evacuate': (admin(PASSED, other=404), {}),
    'shelve': (write(), None),
    'shelveOffload': (admin(PASSED, other=404), None),
    'unshelve': (write(PASSED), None),
    'trigger_crash_dump': (write(PASSED), None),
    'os-getVNCConsole': (write(PASSED), {'type': 'novnc'}),
    'os-getSPICEConsole': (write(PASSED), {'type': 'spice-html5'}),
    'os-getRDPConsole': (write(PASSED), {'type': 'rdp-html5'}),
    'os-getSerialConsole': (write(PASSED), {'type': 'serial'}),
    # No such address (404 once the policy passed).
    'addFloatingIp': (write(404), {'address': '10.9.9.9'}),
    'removeFloatingIp': (write(404), {'address': '10.9.9.9'}),
    'addSecurityGroup': (write(PASSED), {'name': 'default'}),
    'removeSecurityGroup': (write(PASSED), {'name': 'default'}),
    'addFixedIp': (write(PASSED), {'networkId': '{network}'}),
    'removeFixedIp': (write(PASSED), {'address': '10.9.9.9'}),
}


# Actions upstream removed in later microversions: sent at 2.1.
_OLD_ACTIONS = ('addFloatingIp', 'removeFloatingIp', 'addFixedIp',
                'removeFixedIp', 'os-getVNCConsole', 'os-getSPICEConsole',
                'os-getRDPConsole', 'os-getSerialConsole')


def _server_actions():
    for name, (expected, argument) in _SERVER_ACTIONS.items():
        yield name, Case('compute', 'POST', S + '/action', expected,
                         'server', {name: argument},
                         version='2.1' if name in _OLD_ACTIONS else None)


COMPUTE = {
    'servers list': Case('compute', 'GET', '/servers', anyone()),
    'servers detail': Case('compute', 'GET', '/servers/detail', anyone()),
    'server create': Case('compute', 'POST', '/servers', create(202),
                          body=lambda p: {'server': {
                              'name': 'by-' + p, 'imageRef': '{image}',
                              'flavorRef': '1', 'networks': 'none'}}),
    'server show': Case('compute', 'GET', S, read(), 'server'),
    'server update': Case('compute', 'PUT', S, write(200), 'server',
                          {'server': {'name': 'renamed'}}),
    'server delete': Case('compute', 'DELETE', S, write(204), 'server'),
    'server metadata list': Case('compute', 'GET', S + '/metadata',
                                 read(), 'server'),
    'server metadata replace': Case('compute', 'PUT', S + '/metadata',
                                    write(200), 'server',
                                    {'metadata': {'k': 'v'}}),
    'server metadata update': Case('compute', 'POST', S + '/metadata',
                                   write(200), 'server',
                                   {'metadata': {'k': 'v'}}),
    'server metadata item show': Case('compute', 'GET', S + '/metadata/m',
                                      read(), 'server'),
    'server metadata item set': Case('compute', 'PUT', S + '/metadata/k',
                                     write(200), 'server',
                                     {'meta': {'k': 'v'}}),
    'server metadata item delete': Case('compute', 'DELETE',
                                        S + '/metadata/m', write(204),
                                        'server'),
    'server tags list': Case('compute', 'GET', S + '/tags', read(),
                             'server'),
    'server tags replace': Case('compute', 'PUT', S + '/tags', write(200),
                                'server', {'tags': ['a']}),
    'server tags delete all': Case('compute', 'DELETE', S + '/tags',
                                   write(204), 'server'),
    'server tag check': Case('compute', 'GET', S + '/tags/t', read(204),
                             'server'),
    'server tag add': Case('compute', 'PUT', S + '/tags/n', write(201),
                           'server'),
    'server tag delete': Case('compute', 'DELETE', S + '/tags/t',
                              write(204), 'server'),
    'server topology': Case('compute', 'GET', S + '/topology', read(),
                            'server'),
    # Share attachments: members (os-server-shares, upstream's defaults).
    'server shares list': Case('compute', 'GET', S + '/shares',
                               read(reader=403), 'server'),
    'server share attach': Case('compute', 'POST', S + '/shares',
                                write(PASSED), 'server',
                                {'share': {'share_id': '{server}'}}),
    'server share show': Case('compute', 'GET', S + '/shares/{server}',
                              read(404, reader=403), 'server'),
    'server share detach': Case('compute', 'DELETE',
                                S + '/shares/{server}', write(404),
                                'server'),
    'server diagnostics': Case('compute', 'GET', S + '/diagnostics',
                               admin(other=404), 'server'),
    'server actions list': Case('compute', 'GET',
                                S + '/os-instance-actions', read(),
                                'server'),
    'server action show': Case('compute', 'GET',
                               S + '/os-instance-actions/{request}',
                               read(), 'server'),
    'server migrations list': Case('compute', 'GET', S + '/migrations',
                                   manager(200), 'server'),
    'server migration show': Case('compute', 'GET', S + '/migrations/1',
                                  admin(404, other=404), 'server'),
    'server migration abort': Case('compute', 'DELETE',
                                   S + '/migrations/1', manager(PASSED),
                                   'server'),
    'server migration force complete': Case(
        'compute', 'POST', S + '/migrations/1/action', manager(PASSED),
        'server', {'force_complete': None}),
    'server password show': Case('compute', 'GET',
                                 S + '/os-server-password', read(),
                                 'server'),
    'server password clear': Case('compute', 'DELETE',
                                  S + '/os-server-password', write(204),
                                  'server'),
    'server remote console': Case('compute', 'POST',
                                  S + '/remote-consoles', write(PASSED),
                                  'server', {'remote_console': {
                                      'protocol': 'vnc',
                                      'type': 'novnc'}}),
    'server security groups': Case('compute', 'GET',
                                   S + '/os-security-groups', read(),
                                   'server'),
    'server interfaces list': Case('compute', 'GET', S + '/os-interface',
                                   read(), 'server'),
    'server interface attach': Case('compute', 'POST', S + '/os-interface',
                                    write(PASSED), 'server',
                                    {'interfaceAttachment': {
                                        'net_id': '{network}'}}),
    'server interface show': Case('compute', 'GET',
                                  S + '/os-interface/{port}', read(404),
                                  'server'),
    'server interface detach': Case('compute', 'DELETE',
                                    S + '/os-interface/{port}',
                                    write(404), 'server'),
    'server ips': Case('compute', 'GET', S + '/ips', read(), 'server'),
    # The server has no network: found, allowed, and not on that one.
    'server ips by network': Case('compute', 'GET', S + '/ips/private',
                                  read(404), 'server'),
    'server volume attachments list': Case(
        'compute', 'GET', S + '/os-volume_attachments', read(), 'server'),
    'server volume attach': Case(
        'compute', 'POST', S + '/os-volume_attachments', write(PASSED),
        'server', {'volumeAttachment': {'volumeId': '{volume}'}}),
    'server volume attachment show': Case(
        'compute', 'GET', S + '/os-volume_attachments/{volume}',
        read(404), 'server'),
    # Another volume: a swap, the administrators' (404: not attached).
    'server volume swap': Case(
        'compute', 'PUT', S + '/os-volume_attachments/{volume}',
        admin(404, other=404), 'server',
        {'volumeAttachment': {'volumeId': '{image}'}}),
    'server volume detach': Case(
        'compute', 'DELETE', S + '/os-volume_attachments/{volume}',
        write(404), 'server'),
    'server virtual interfaces': Case(
        'compute', 'GET', S + '/os-virtual-interfaces', read(), 'server',
        version='2.1'),
    # Events come from the network and volume services (service role).
    'external events': Case('compute', 'POST',
                            '/os-server-external-events',
                            _all(403, service=200), 'server', {'events': [
                                {'name': 'network-changed',
                                 'server_uuid': '{server}'}]}),
    # Flavors: everyone reads the public ones; administrators manage.
    'flavors list': Case('compute', 'GET', '/flavors', anyone()),
    'flavors detail': Case('compute', 'GET', '/flavors/detail', anyone()),
    'flavor show': Case('compute', 'GET', '/flavors/1', anyone()),
    'flavor create': Case('compute', 'POST', '/flavors', admin(200),
                          body=lambda p: {'flavor': {
                              'name': 'f-' + p, 'ram': 64, 'vcpus': 1,
                              'disk': 1}}),
    'flavor update': Case('compute', 'PUT', '/flavors/{flavor}',
                          admin(200), 'flavor',
                          {'flavor': {'description': 'd'}}),
    'flavor delete': Case('compute', 'DELETE', '/flavors/{flavor}',
                          admin(202), 'flavor'),
    'flavor access list': Case('compute', 'GET',
                               '/flavors/{flavor}/os-flavor-access',
                               admin(200), 'flavor'),
    'flavor access add': Case('compute', 'POST', '/flavors/{flavor}/action',
                              admin(200), 'flavor', {'addTenantAccess': {
                                  'tenant': '{alpha}'}}),
    'flavor extra specs list': Case('compute', 'GET',
                                    '/flavors/1/os-extra_specs', anyone()),
    'flavor extra specs create': Case(
        'compute', 'POST', '/flavors/{flavor}/os-extra_specs', admin(200),
        'flavor', {'extra_specs': {'hw:cpu_policy': 'shared'}}),
    # A private flavor: only administrators (and projects given access)
    # see it.
    'flavor extra spec show': Case(
        'compute', 'GET', '/flavors/{flavor}/os-extra_specs/hw:numa_nodes',
        _all(404, admin=200), 'flavor'),
    'flavor extra spec set': Case(
        'compute', 'PUT', '/flavors/{flavor}/os-extra_specs/hw:numa_nodes',
        admin(200), 'flavor', {'hw:numa_nodes': '1'}),
    'flavor extra spec delete': Case(
        'compute', 'DELETE',
        '/flavors/{flavor}/os-extra_specs/hw:numa_nodes', admin(200),
        'flavor'),
    # Images through the Compute API's proxy (removed at 2.36).
    'images list': Case('compute', 'GET', '/images', anyone(),
                        version='2.1'),
    'images detail': Case('compute', 'GET', '/images/detail', anyone(),
                          version='2.1'),
    'image show': Case('compute', 'GET', '/images/{image_private}', read(),
                       'image_private', version='2.1'),
    'image delete': Case('compute', 'DELETE', '/images/{image_private}',
                         write(204), 'image_private', version='2.1'),
    'image metadata list': Case('compute', 'GET',
                                '/images/{image_private}/metadata', read(),
                                'image_private', version='2.1'),
    'image metadata update': Case('compute', 'POST',
                                  '/images/{image_private}/metadata',
                                  write(200), 'image_private',
                                  {'metadata': {'k': 'v'}}, version='2.1'),
    'image metadata replace': Case('compute', 'PUT',
                                   '/images/{image_private}/metadata',
                                   write(200), 'image_private',
                                   {'metadata': {'k': 'v'}}, version='2.1'),
    'image metadata item show': Case(
        'compute', 'GET', '/images/{image_private}/metadata/m',
        read(), 'image_private', version='2.1'),
    'image metadata item set': Case(
        'compute', 'PUT', '/images/{image_private}/metadata/k',
        write(200), 'image_private', {'meta': {'k': 'v'}}, version='2.1'),
    'image metadata item delete': Case(
        'compute', 'DELETE', '/images/{image_private}/metadata/m',
        write(204), 'image_private', version='2.1'),
    # Key pairs belong to users: everyone manages their own; another
    # user's is not found.
    'keypairs list': Case('compute', 'GET', '/os-keypairs', anyone()),
    'keypair create': Case('compute', 'POST', '/os-keypairs', anyone(200),
                           body=lambda p: {'keypair': {'name': 'kp-' + p}},
                           version='2.1'),
    'keypair show': Case('compute', 'GET', '/os-keypairs/{keypair}',
                         _all(404, member=200), 'keypair', version='2.1'),
    'keypair delete': Case('compute', 'DELETE', '/os-keypairs/{keypair}',
                           _all(404, member=202), 'keypair', version='2.1'),
    'limits': Case('compute', 'GET', '/limits', anyone()),
    'quota show': Case('compute', 'GET', '/os-quota-sets/{alpha}',
                       read(other=403)),
    'quota detail': Case('compute', 'GET', '/os-quota-sets/{alpha}/detail',
                         read(other=403)),
    'quota defaults': Case('compute', 'GET',
                           '/os-quota-sets/{alpha}/defaults', anyone()),
    'quota update': Case('compute', 'PUT', '/os-quota-sets/{alpha}',
                         admin(200), body={'quota_set': {'key_pairs': 100}}),
    'quota revert': Case('compute', 'DELETE', '/os-quota-sets/{beta}',
                         admin(202)),
    'quota class show': Case('compute', 'GET',
                             '/os-quota-class-sets/default', admin(200)),
    'quota class update': Case('compute', 'PUT',
                               '/os-quota-class-sets/default', admin(200),
                               body={'quota_class_set': {'key_pairs': 100}}),
    'services list': Case('compute', 'GET', '/os-services', admin(200)),
    'service enable': Case('compute', 'PUT', '/os-services/enable',
                           gone(404), body={'host': 'h', 'binary': 'b'}),
    'service disable': Case('compute', 'PUT', '/os-services/disable',
                            gone(404), body={'host': 'h', 'binary': 'b'}),
    'service disable log reason': Case(
        'compute', 'PUT', '/os-services/disable-log-reason', gone(404),
        body={'host': 'h', 'binary': 'b', 'disabled_reason': 'r'}),
    'service force down': Case('compute', 'PUT', '/os-services/force-down',
                               gone(404), body={'host': 'h', 'binary': 'b',
                                                'forced_down': True}),
    'service update': Case('compute', 'PUT', '/os-services/{service}',
                           admin(200), 'service', {'status': 'enabled'}),
    'service delete': Case('compute', 'DELETE', '/os-services/{service}',
                           admin(PASSED), 'service'),
    'extensions list': Case('compute', 'GET', '/extensions', anyone()),
    'extension show': Case('compute', 'GET', '/extensions/os-keypairs',
                           anyone()),
    'availability zones': Case('compute', 'GET', '/os-availability-zone',
                               anyone()),
    'availability zones detail': Case('compute', 'GET',
                                      '/os-availability-zone/detail',
                                      admin(200)),
    'aggregates list': Case('compute', 'GET', '/os-aggregates', admin(200)),
    'aggregate create': Case('compute', 'POST', '/os-aggregates',
                             admin(200), body=lambda p: {'aggregate': {
                                 'name': 'agg-' + p}}),
    'aggregate show': Case('compute', 'GET', '/os-aggregates/{aggregate}',
                           admin(200), 'aggregate'),
    'aggregate update': Case('compute', 'PUT', '/os-aggregates/{aggregate}',
                             admin(200), 'aggregate',
                             {'aggregate': {'name': 'renamed-agg'}}),
    'aggregate delete': Case('compute', 'DELETE',
                             '/os-aggregates/{aggregate}', admin(200),
                             'aggregate'),
    'aggregate action': Case('compute', 'POST',
                             '/os-aggregates/{aggregate}/action',
                             admin(200), 'aggregate', {'set_metadata': {
                                 'metadata': {'k': 'v'}}}),
    'aggregate cache images': Case('compute', 'POST',
                                   '/os-aggregates/{aggregate}/images',
                                   admin(202), 'aggregate',
                                   {'cache': [{'id': '{image}'}]}),
    'hosts list': Case('compute', 'GET', '/os-hosts', admin(200),
                       version='2.1'),
    'host show': Case('compute', 'GET', '/os-hosts/{host}', admin(200),
                      'host', version='2.1'),
    'host update': Case('compute', 'PUT', '/os-hosts/{host}', admin(PASSED),
                        'host', {'status': 'enable'}, version='2.1'),
    # The fake driver cannot power hosts (501 after the policy passed).
    'host reboot': Case('compute', 'GET', '/os-hosts/{host}/reboot',
                        admin(501), 'host', version='2.1'),
    'host shutdown': Case('compute', 'GET', '/os-hosts/{host}/shutdown',
                          admin(501), 'host', version='2.1'),
    'host startup': Case('compute', 'GET', '/os-hosts/{host}/startup',
                         admin(501), 'host', version='2.1'),
    'hypervisors list': Case('compute', 'GET', '/os-hypervisors',
                             admin(200)),
    'hypervisors detail': Case('compute', 'GET', '/os-hypervisors/detail',
                               admin(200)),
    'hypervisors statistics': Case('compute', 'GET',
                                   '/os-hypervisors/statistics', admin(200),
                                   version='2.1'),
    'hypervisors search': Case('compute', 'GET',
                               '/os-hypervisors/{host}/search', admin(200),
                               'host', version='2.1'),
    'hypervisor servers': Case('compute', 'GET',
                               '/os-hypervisors/{host}/servers', admin(200),
                               'host', version='2.1'),
    'hypervisor uptime': Case('compute', 'GET',
                              '/os-hypervisors/{hypervisor}/uptime',
                              admin(PASSED), 'hypervisor', version='2.53'),
    'hypervisor show': Case('compute', 'GET',
                            '/os-hypervisors/{hypervisor}', admin(200),
                            'hypervisor'),
    'server groups list': Case('compute', 'GET', '/os-server-groups',
                               anyone()),
    'server group create': Case('compute', 'POST', '/os-server-groups',
                                create(200), body=lambda p: {
                                    'server_group': {
                                        'name': 'g-' + p,
                                        'policy': 'affinity'}}),
    'server group show': Case('compute', 'GET',
                              '/os-server-groups/{server_group}',
                              read(other=403), 'server_group'),
    'server group delete': Case('compute', 'DELETE',
                                '/os-server-groups/{server_group}',
                                write(204, other=403), 'server_group'),
    'usage audit log': Case('compute', 'GET', '/os-instance_usage_audit_log',
                            admin(200)),
    'usage audit log before': Case(
        'compute', 'GET',
        '/os-instance_usage_audit_log/2030-01-01%2000:00:00',
        admin(200)),
    'migrations list': Case('compute', 'GET', '/os-migrations', admin(200)),
    'console auth token': Case('compute', 'GET',
                               '/os-console-auth-tokens/nope', admin(404)),
    'usage all projects': Case('compute', 'GET', '/os-simple-tenant-usage',
                               admin(200)),
    # An empty project id: no such project, for everyone (as upstream).
    'usage all projects (slash)': Case('compute', 'GET',
                                       '/os-simple-tenant-usage/',
                                       gone(404)),
    'usage one project': Case('compute', 'GET',
                              '/os-simple-tenant-usage/{alpha}',
                              read(other=403)),
    'version show': Case('compute', 'GET', '/versions/v2.1', anyone()),
    # Proxies of nova-network and of the volume service.
    'os-networks add': Case('compute', 'POST', '/os-networks/add',
                            admin(PASSED), body={'id': None},
                            version='2.1'),
    'os-networks list': Case('compute', 'GET', '/os-networks', anyone(),
                             version='2.1'),
    'os-networks create': Case('compute', 'POST', '/os-networks',
                               admin(PASSED), body={'network': {
                                   'label': 'x',
                                   'cidr': '10.201.0.0/24'}},
                               version='2.1'),
    'os-networks action': Case('compute', 'POST',
                               '/os-networks/{network}/action',
                               admin(202, other=403), 'network',
                               {'disassociate': None}, version='2.1'),
    'os-networks show': Case('compute', 'GET', '/os-networks/{network}',
                             read(), 'network', version='2.1'),
    'os-networks delete': Case('compute', 'DELETE',
                               '/os-networks/{network}',
                               admin(PASSED), 'network', version='2.1'),
    'tenant networks list': Case('compute', 'GET', '/os-tenant-networks',
                                 anyone(), version='2.1'),
    'tenant network create': Case('compute', 'POST', '/os-tenant-networks',
                                  create(PASSED), body=lambda p: {
                                      'network': {
                                          'label': 'x', 'cidr':
                                          '10.%d.1.0/24' % (
                                              210 + PERSONAS.index(p))}},
                                  version='2.1'),
    'tenant network show': Case('compute', 'GET',
                                '/os-tenant-networks/{network}',
                                read(admin=404), 'network',
                                version='2.1'),
    'tenant network delete': Case('compute', 'DELETE',
                                  '/os-tenant-networks/{network}',
                                  write(PASSED, admin=404), 'network',
                                  version='2.1'),
    'fixed ip action': Case('compute', 'POST',
                            '/os-fixed-ips/10.0.0.2/action', admin(PASSED),
                            body={'reserve': None}, version='2.1'),
    'fixed ip show': Case('compute', 'GET', '/os-fixed-ips/10.0.0.2',
                          admin(200), version='2.1'),
    'floating ip pools': Case('compute', 'GET', '/os-floating-ip-pools',
                              anyone(), version='2.1'),
    'floating ips list': Case('compute', 'GET', '/os-floating-ips',
                              anyone(), version='2.1'),
    'floating ip create': Case('compute', 'POST', '/os-floating-ips',
                               create(PASSED), body={'pool': 'public'},
                               version='2.1'),
    'floating ip show': Case('compute', 'GET',
                             '/os-floating-ips/{compute_fip}',
                             read(), 'compute_fip', version='2.1'),
    'floating ip delete': Case('compute', 'DELETE',
                               '/os-floating-ips/{compute_fip}', write(202),
                               'compute_fip', version='2.1'),
    # Cloud-wide nova-network administration (administrators; 404: no
    # such range or domain, after the policy passed).
    'floating ips bulk delete': Case('compute', 'PUT',
                                     '/os-floating-ips-bulk/delete',
                                     admin(404),
                                     body={'ip_range': '10.99.0.0/30'},
                                     version='2.1'),
    'floating ips bulk list': Case('compute', 'GET', '/os-floating-ips-bulk',
                                   admin(200), version='2.1'),
    'floating ips bulk create': Case(
        'compute', 'POST', '/os-floating-ips-bulk', admin(200),
        body={'floating_ips_bulk_create': {'ip_range': '10.98.0.0/30'}},
        version='2.1'),
    'floating ips bulk host': Case('compute', 'GET',
                                   '/os-floating-ips-bulk/h', admin(200),
                                   version='2.1'),
    'floating ip dns list': Case('compute', 'GET', '/os-floating-ip-dns',
                                 anyone(reader=403), version='2.1'),
    'floating ip dns domain set': Case(
        'compute', 'PUT', '/os-floating-ip-dns/d.example', admin(200),
        body={'domain_entry': {'scope': 'public', 'project': 'p'}},
        version='2.1'),
    'floating ip dns domain delete': Case(
        'compute', 'DELETE', '/os-floating-ip-dns/gone.example', admin(404),
        version='2.1'),
    'floating ip dns entry show': Case(
        'compute', 'GET', '/os-floating-ip-dns/none.example/entries/n',
        anyone(404, reader=403), version='2.1'),
    'floating ip dns entry set': Case(
        'compute', 'PUT', '/os-floating-ip-dns/none.example/entries/n',
        anyone(404, reader=403),
        body={'dns_entry': {'ip': '10.0.0.1', 'dns_type': 'A'}},
        version='2.1'),
    'floating ip dns entry delete': Case(
        'compute', 'DELETE', '/os-floating-ip-dns/none.example/entries/n',
        anyone(404, reader=403), version='2.1'),
    'security groups list': Case('compute', 'GET', '/os-security-groups',
                                 anyone(), version='2.1'),
    'security group create': Case('compute', 'POST', '/os-security-groups',
                                  create(200), body=lambda p: {
                                      'security_group': {
                                          'name': 'sg-' + p,
                                          'description': 'd'}},
                                  version='2.1'),
    'security group show': Case('compute', 'GET',
                                '/os-security-groups/{security_group}',
                                read(), 'security_group', version='2.1'),
    'security group update': Case(
        'compute', 'PUT', '/os-security-groups/{security_group}',
        write(200), 'security_group', lambda p: {'security_group': {
            'name': 'sg2-' + p, 'description': 'd'}}, version='2.1'),
    'security group delete': Case(
        'compute', 'DELETE', '/os-security-groups/{security_group}',
        write(202), 'security_group', version='2.1'),
    'security group rule create': Case(
        'compute', 'POST', '/os-security-group-rules', write(200),
        'security_group', {'security_group_rule': {
            'parent_group_id': '{security_group}', 'ip_protocol': 'tcp',
            'from_port': 22, 'to_port': 22, 'cidr': '10.0.0.0/8'}},
        version='2.1'),
    'security group rule delete': Case(
        'compute', 'DELETE', '/os-security-group-rules/{sg_rule}',
        write(202), 'sg_rule', version='2.1'),
    'security group default rules list': Case(
        'compute', 'GET', '/os-security-group-default-rules', admin(200),
        version='2.1'),
    'security group default rule create': Case(
        'compute', 'POST', '/os-security-group-default-rules', admin(OK),
        body={'security_group_default_rule': {
            'ip_protocol': 'tcp', 'from_port': 1, 'to_port': 1,
            'cidr': '10.0.0.0/8'}}, version='2.1'),
    'security group default rule show': Case(
        'compute', 'GET', '/os-security-group-default-rules/{default_rule}',
        admin(200), 'default_rule', version='2.1'),
    'security group default rule delete': Case(
        'compute', 'DELETE',
        '/os-security-group-default-rules/{default_rule}', admin(OK),
        'default_rule', version='2.1'),
    'volumes list': Case('compute', 'GET', '/os-volumes', anyone(),
                         version='2.1'),
    'volumes detail': Case('compute', 'GET', '/os-volumes/detail', anyone(),
                           version='2.1'),
    'volume create': Case('compute', 'POST', '/os-volumes', create(200),
                          body={'volume': {'size': 1}}, version='2.1'),
    'volume show': Case('compute', 'GET', '/os-volumes/{volume}', read(),
                        'volume', version='2.1'),
    'volume delete': Case('compute', 'DELETE', '/os-volumes/{volume}',
                          write(202), 'volume', version='2.1'),
    'boot from volume': Case('compute', 'POST', '/os-volumes_boot',
                             create(PASSED), body=lambda p: {'server': {
                                 'name': 'bfv-' + p, 'imageRef': '{image}',
                                 'flavorRef': '1'}}, version='2.1'),
    'snapshots list': Case('compute', 'GET', '/os-snapshots', anyone(),
                           version='2.1'),
    'snapshots detail': Case('compute', 'GET', '/os-snapshots/detail',
                             anyone(), version='2.1'),
    'snapshot create': Case('compute', 'POST', '/os-snapshots', write(200),
                            'volume', {'snapshot': {
                                'volume_id': '{volume}'}}, version='2.1'),
    'snapshot show': Case('compute', 'GET', '/os-snapshots/{snapshot}',
                          read(), 'snapshot', version='2.1'),
    'snapshot delete': Case('compute', 'DELETE', '/os-snapshots/{snapshot}',
                            write(PASSED), 'snapshot', version='2.1'),
    'assisted volume snapshot create': Case(
        'compute', 'POST', '/os-assisted-volume-snapshots',
        _all(403, admin=PASSED), body={'snapshot': {
            'volume_id': '{volume}', 'create_info': {
                'snapshot_id': '{volume}', 'type': 'qcow2',
                'new_file': 'f'}}}),
    'assisted volume snapshot delete': Case(
        'compute', 'DELETE',
        '/os-assisted-volume-snapshots/{volume}?delete_info='
        '{"volume_id": "{volume}"}', _all(403, admin=PASSED)),
}
COMPUTE.update(('server action ' + name, case)
               for name, case in _server_actions())

NETWORK = {
    'versions': Case('network', 'GET', '/v2.0', anyone()),
    'extensions list': Case('network', 'GET', '/v2.0/extensions', anyone()),
    'extension show': Case('network', 'GET', '/v2.0/extensions/router',
                           anyone()),
    'availability zones': Case('network', 'GET',
                               '/v2.0/availability_zones', anyone()),
    'agents list': Case('network', 'GET', '/v2.0/agents', anyone()),
    'agent show': Case('network', 'GET', '/v2.0/agents/nope', anyone(404)),
    'networks list': Case('network', 'GET', '/v2.0/networks', anyone()),
    'network create': Case('network', 'POST', '/v2.0/networks', create(201),
                           body={'network': {'name': 'n'}}),
    'network show': Case('network', 'GET', '/v2.0/networks/{network}',
                         read(), 'network'),
    'network update': Case('network', 'PUT', '/v2.0/networks/{network}',
                           write(200), 'network',
                           {'network': {'name': 'renamed'}}),
    'network delete': Case('network', 'DELETE', '/v2.0/networks/{network}',
                           write(204), 'network'),
    'subnets list': Case('network', 'GET', '/v2.0/subnets', anyone()),
    'subnet create': Case('network', 'POST', '/v2.0/subnets', write(201),
                          'network', lambda p: {'subnet': {
                              'network_id': '{network}', 'ip_version': 4,
                              'cidr': '10.%d.0.0/24' % PERSONAS.index(p)}}),
    'subnet show': Case('network', 'GET', '/v2.0/subnets/{subnet}', read(),
                        'subnet'),
    'subnet update': Case('network', 'PUT', '/v2.0/subnets/{subnet}',
                          write(200), 'subnet', {'subnet': {'name': 's'}}),
    'subnet delete': Case('network', 'DELETE', '/v2.0/subnets/{subnet}',
                          write(204), 'subnet'),
    'security groups list': Case('network', 'GET', '/v2.0/security-groups',
                                 anyone()),
    'security group create': Case('network', 'POST',
                                  '/v2.0/security-groups', create(201),
                                  body={'security_group': {'name': 'sg'}}),
    'security group show': Case('network', 'GET',
                                '/v2.0/security-groups/{security_group}',
                                read(), 'security_group'),
    'security group update': Case('network', 'PUT',
                                  '/v2.0/security-groups/{security_group}',
                                  write(200), 'security_group',
                                  lambda p: {'security_group': {
                                      'name': 'sg3-' + p}}),
    'security group delete': Case('network', 'DELETE',
                                  '/v2.0/security-groups/{security_group}',
                                  write(204), 'security_group'),
    'security group rules list': Case('network', 'GET',
                                      '/v2.0/security-group-rules',
                                      anyone()),
    'security group rule create': Case(
        'network', 'POST', '/v2.0/security-group-rules', write(201),
        'security_group', lambda p: {'security_group_rule': {
            'security_group_id': '{security_group}', 'direction': 'ingress',
            'ethertype': 'IPv4', 'protocol': 'tcp',
            'port_range_min': 1000 + PERSONAS.index(p),
            'port_range_max': 1000 + PERSONAS.index(p)}}),
    'security group rule show': Case('network', 'GET',
                                     '/v2.0/security-group-rules/{sg_rule}',
                                     read(), 'sg_rule'),
    'security group rule delete': Case(
        'network', 'DELETE', '/v2.0/security-group-rules/{sg_rule}',
        write(204), 'sg_rule'),
    'ports list': Case('network', 'GET', '/v2.0/ports', anyone()),
    'port create': Case('network', 'POST', '/v2.0/ports', write(201),
                        'network', {'port': {'network_id': '{network}'}}),
    'port show': Case('network', 'GET', '/v2.0/ports/{port}', read(),
                      'port'),
    'port update': Case('network', 'PUT', '/v2.0/ports/{port}', write(200),
                        'port', {'port': {'name': 'p'}}),
    'port delete': Case('network', 'DELETE', '/v2.0/ports/{port}',
                        write(204), 'port'),
    'floating ips list': Case('network', 'GET', '/v2.0/floatingips',
                              anyone()),
    'floating ip create': Case('network', 'POST', '/v2.0/floatingips',
                               create(PASSED), body={'floatingip': {
                                   'floating_network_id': '{public}'}}),
    'floating ip show': Case('network', 'GET', '/v2.0/floatingips/{fip}',
                             read(), 'fip'),
    'floating ip update': Case('network', 'PUT', '/v2.0/floatingips/{fip}',
                               write(200), 'fip',
                               {'floatingip': {'description': 'd'}}),
    'floating ip delete': Case('network', 'DELETE',
                               '/v2.0/floatingips/{fip}', write(204),
                               'fip'),
    'routers list': Case('network', 'GET', '/v2.0/routers', anyone()),
    'router create': Case('network', 'POST', '/v2.0/routers', create(201),
                          body={'router': {'name': 'r'}}),
    'router show': Case('network', 'GET', '/v2.0/routers/{router}', read(),
                        'router'),
    'router update': Case('network', 'PUT', '/v2.0/routers/{router}',
                          write(200), 'router', {'router': {'name': 'r2'}}),
    'router delete': Case('network', 'DELETE', '/v2.0/routers/{router}',
                          write(204), 'router'),
    'router add interface': Case(
        'network', 'PUT', '/v2.0/routers/{router}/add_router_interface',
        write(PASSED), 'router', {'subnet_id': '{subnet}'}),
    'router remove interface': Case(
        'network', 'PUT', '/v2.0/routers/{router}/remove_router_interface',
        write(404), 'router', {'subnet_id': '{subnet}'}),
    'quotas list': Case('network', 'GET', '/v2.0/quotas', admin(200)),
    'quota show': Case('network', 'GET', '/v2.0/quotas/{alpha}',
                       read(other=403)),
    'quota update': Case('network', 'PUT', '/v2.0/quotas/{alpha}',
                         admin(200), body={'quota': {'port': 100}}),
    'quota delete': Case('network', 'DELETE', '/v2.0/quotas/{beta}',
                         admin(204)),
    'quota default': Case('network', 'GET', '/v2.0/quotas/{alpha}/default',
                          read(other=403)),
    'quota defaults': Case('network', 'GET',
                           '/v2.0/quotas/{alpha}/defaults',
                           read(other=403)),
    'quota details': Case('network', 'GET', '/v2.0/quotas/{alpha}/details',
                          read(other=403)),
    # Upstream: readers of the project may get it (made on first GET).
    'auto allocated topology show': Case(
        'network', 'GET', '/v2.0/auto-allocated-topology/{alpha}',
        read(PASSED, other=403)),
    'auto allocated topology delete': Case(
        'network', 'DELETE', '/v2.0/auto-allocated-topology/{alpha}',
        write(PASSED, other=403)),
}

IMG = '/v2/images/{image_private}'
M = '/v2/images/{image_with_member}'
NS = '/v2/metadefs/namespaces/{namespace}'
IMAGE = {
    'images list': Case('image', 'GET', '/v2/images', anyone()),
    'image create': Case('image', 'POST', '/v2/images', create(201),
                         body={'name': 'i', 'disk_format': 'raw',
                               'container_format': 'bare'}),
    'image show': Case('image', 'GET', IMG, read(), 'image_private'),
    'image update': Case('image', 'PATCH', IMG, write(200), 'image_private',
                         [{'op': 'replace', 'path': '/name',
                           'value': 'n'}]),
    'image delete': Case('image', 'DELETE', IMG, write(204), 'image_private'),
    'image download': Case('image', 'GET', IMG + '/file', read(204),
                           'image_private'),
    'image upload': Case('image', 'PUT', IMG + '/file', write(204),
                         'image_private', 'bytes:data'),
    'image deactivate': Case('image', 'POST',
                             '/v2/images/{image_active}/actions/deactivate',
                             write(204), 'image_active'),
    'image reactivate': Case('image', 'POST', '/v2/images/'
                             '{image_deactivated}/actions/reactivate',
                             write(204), 'image_deactivated'),
    'image tasks': Case('image', 'GET', IMG + '/tasks', read(),
                        'image_private'),
    'image tag add': Case('image', 'PUT', IMG + '/tags/t', write(204),
                          'image_private'),
    'image tag delete': Case('image', 'DELETE', IMG + '/tags/t', write(404),
                             'image_private'),
    'image members list': Case('image', 'GET', IMG + '/members', read(),
                               'image_private'),
    'image member add': Case('image', 'POST', IMG + '/members', write(200),
                             'image_private', {'member': '{beta}'}),
    # Beta is a member of this one: it sees the image and answers; the
    # owner's members only read (Glance: only the member answers).
    'image member show': Case('image', 'GET', M + '/members/{beta}',
                              read(200, other=200), 'image_with_member'),
    'image member answer': Case('image', 'PUT', M + '/members/{beta}',
                                _all(403, admin=200, other=200),
                                'image_with_member',
                                {'status': 'accepted'}),
    'image member remove': Case('image', 'DELETE', M + '/members/{beta}',
                                write(204, other=403), 'image_with_member'),
    'import info': Case('image', 'GET', '/v2/info/import', anyone()),
    'metadef resource types': Case('image', 'GET',
                                   '/v2/metadefs/resource_types', anyone()),
    'metadef namespaces list': Case('image', 'GET',
                                    '/v2/metadefs/namespaces', anyone()),
    'metadef namespace create': Case('image', 'POST',
                                     '/v2/metadefs/namespaces', admin(201),
                                     body=lambda p: {'namespace': 'ns-' + p}),
    'metadef namespace show': Case('image', 'GET', NS, anyone(),
                                   'namespace'),
    'metadef namespace update': Case('image', 'PUT', NS, admin(200),
                                     'namespace',
                                     {'namespace': '{namespace}',
                                      'description': 'd'}),
    'metadef namespace delete': Case('image', 'DELETE', NS, admin(204),
                                     'namespace'),
    'metadef associations list': Case('image', 'GET', NS + '/resource_types',
                                      anyone(), 'namespace'),
    'metadef associate': Case('image', 'POST', NS + '/resource_types',
                              admin(201), 'namespace',
                              {'name': 'OS::Nova::Server'}),
    'metadef dissociate': Case('image', 'DELETE',
                               NS + '/resource_types/OS::Glance::Image',
                               admin(PASSED), 'namespace'),
    'metadef objects list': Case('image', 'GET', NS + '/objects', anyone(),
                                 'namespace'),
    'metadef object create': Case('image', 'POST', NS + '/objects',
                                  admin(201), 'namespace', {'name': 'o'}),
    'metadef object show': Case('image', 'GET', NS + '/objects/obj',
                                anyone(), 'namespace'),
    'metadef object update': Case('image', 'PUT', NS + '/objects/obj',
                                  admin(200), 'namespace', {'name': 'obj'}),
    'metadef object delete': Case('image', 'DELETE', NS + '/objects/obj',
                                  admin(204), 'namespace'),
    'metadef properties list': Case('image', 'GET', NS + '/properties',
                                    anyone(), 'namespace'),
    'metadef property create': Case('image', 'POST', NS + '/properties',
                                    admin(201), 'namespace',
                                    {'name': 'p', 'title': 'p',
                                     'type': 'string'}),
    'metadef property show': Case('image', 'GET', NS + '/properties/prop',
                                  anyone(), 'namespace'),
    'metadef property update': Case('image', 'PUT', NS + '/properties/prop',
                                    admin(200), 'namespace',
                                    {'name': 'prop', 'title': 'p',
                                     'type': 'string'}),
    'metadef property delete': Case('image', 'DELETE',
                                    NS + '/properties/prop', admin(204),
                                    'namespace'),
    'metadef tags list': Case('image', 'GET', NS + '/tags', anyone(),
                              'namespace'),
    'metadef tags replace': Case('image', 'POST', NS + '/tags', admin(201),
                                 'namespace', {'tags': [{'name': 'a'}]}),
    'metadef tags delete': Case('image', 'DELETE', NS + '/tags', admin(204),
                                'namespace'),
    'metadef tag show': Case('image', 'GET', NS + '/tags/tag', anyone(),
                             'namespace'),
    'metadef tag create': Case('image', 'POST', NS + '/tags/new', admin(201),
                               'namespace'),
    'metadef tag rename': Case('image', 'PUT', NS + '/tags/tag', admin(200),
                               'namespace', {'name': 'tag2'}),
    'metadef tag delete': Case('image', 'DELETE', NS + '/tags/tag',
                               admin(204), 'namespace'),
}

V = '/v3/{project}/volumes'
VOLUME = {
    'volumes list': Case('volume', 'GET', V, anyone()),
    'volumes detail': Case('volume', 'GET', V + '/detail', anyone()),
    'volume create': Case('volume', 'POST', V, create(202),
                          body={'volume': {'size': 1}}),
    'volume show': Case('volume', 'GET', V + '/{volume}', read(), 'volume'),
    'volume update': Case('volume', 'PUT', V + '/{volume}', write(200),
                          'volume', {'volume': {'name': 'v'}}),
    'volume delete': Case('volume', 'DELETE', V + '/{volume}', write(202),
                          'volume'),
    'types list': Case('volume', 'GET', '/v3/{project}/types', anyone()),
    'type show': Case('volume', 'GET', '/v3/{project}/types/{volume_type}',
                      anyone(), 'volume_type'),
}

# The JSON schemas Glance publishes: anyone reads them.
IMAGE.update(('schema ' + path, Case('image', 'GET', path, anyone()))
             for path in ('/v2/schemas/image', '/v2/schemas/images'))


def _image_schemas():
    from nova.api.image import more_schemas
    return {'schema ' + path: Case('image', 'GET', '/v2/schemas/' + path,
                                   anyone())
            for path in more_schemas.BY_PATH}


IMAGE.update(_image_schemas())

MATRIX = {}
for _api, _cases in (('compute', COMPUTE), ('network', NETWORK),
                     ('image', IMAGE), ('volume', VOLUME)):
    for _name, _case in _cases.items():
        MATRIX['%s %s' % (_api, _name)] = _case

# Routes no row can exercise, and why ((api, method, template): reason).
# None today: the rows that need a state the fixtures lack (a migration
# in progress, an attached interface) check the policy's answer and the
# lookup's 404 after it.
EXCLUDED = {}


def every_route():
    """{api: [(method, template)]} from the routers' tables; the Compute
    API's server action route once per action (each its own policy)."""
    from nova.api.image import router as image_router
    from nova.api.network import router as network_router
    from nova.api.openstack.compute import routes as compute_routes
    from nova.api.openstack.compute import server_actions
    from nova.api.volume import router as volume_router
    tables = {'compute': compute_routes.ROUTES,
              'network': network_router.ROUTES,
              'image': image_router.ROUTES,
              'volume': volume_router.ROUTES}
    found = {}
    for api, table in tables.items():
        found[api] = []
        for path, methods in table:
            for method in methods:
                if path == '/servers/{server_id}/action':
                    found[api].extend(('POST', path + '#' + name)
                                      for name in server_actions.ACTIONS)
                else:
                    found[api].append((method, path))
    return found, tables


def _mapper(table):
    mapper = routes_lib.Mapper()
    for index, (path, _) in enumerate(table):
        mapper.connect(path, route_index=index)
    return mapper


def route_of(case, tables, mappers):
    """(method, template) a row reaches, through the router's table."""
    path = case.path.split('?')[0]
    for name in ('server', 'network', 'image_private', 'volume'):
        path = path.replace('{%s}' % name, 'x-' + name)
    path = path.replace('{', '').replace('}', '')
    match = mappers[case.api].match(path)
    if match is None:
        return None
    template = tables[case.api][int(match['route_index'])][0]
    if template == '/servers/{server_id}/action':
        (action, _), = case.body.items()
        template += '#' + action
    return case.method, template
