"""GET /extensions: the fixed v2.1 extension list."""

USER = 'alice:proj-a'


def test_index(api):
    resp = api.as_user(USER).get('/v2.1/extensions')
    assert resp.status_int == 200
    extensions = resp.json['extensions']
    assert len(extensions) == 100
    aliases = [e['alias'] for e in extensions]
    assert aliases == sorted(aliases)
    assert len(set(aliases)) == len(aliases)
    for alias in ('os-keypairs', 'os-flavor-access', 'os-services',
                  'os-availability-zone', 'OS-FLV-EXT-DATA'):
        assert alias in aliases
    assert extensions[0] == {
        'alias': 'NMN', 'name': 'Multinic',
        'description': 'Multiple network support.', 'links': [],
        'namespace': 'http://docs.openstack.org/compute/ext/fake_xml',
        'updated': '2014-12-03T00:00:00Z'}


def test_show(api):
    resp = api.as_user(USER).get('/v2.1/extensions/os-keypairs')
    assert resp.status_int == 200
    assert resp.json == {'extension': {
        'alias': 'os-keypairs', 'name': 'Keypairs',
        'description': 'Keypair Support.', 'links': [],
        'namespace': 'http://docs.openstack.org/compute/ext/fake_xml',
        'updated': '2014-12-03T00:00:00Z'}}


def test_show_unknown(api):
    resp = api.as_user(USER).get('/v2.1/extensions/os-teleport')
    assert resp.status_int == 404
    assert resp.json == {'itemNotFound': {
        'code': 404, 'message': 'The resource could not be found.'}}


# Advertised extensions and a route each serves (issue 19: Tempest
# found these advertised while their routes answered 404).
SERVED = {
    'os-instance_usage_audit_log': '/os-instance_usage_audit_log',
    'os-server-diagnostics': '/servers/{server_id}/diagnostics',
    'os-server-external-events': '/os-server-external-events',
    'os-assisted-volume-snapshots': '/os-assisted-volume-snapshots',
    'os-simple-tenant-usage': '/os-simple-tenant-usage',
}


def test_advertised_extensions_are_served(api):
    from nova.api.openstack.compute import routes
    paths = {path for path, _methods in routes.ROUTES}
    aliases = {e['alias'] for e in api.as_user(USER).get(
        '/v2.1/extensions').json['extensions']}
    for alias, path in SERVED.items():
        assert alias in aliases and path in paths, alias
