"""Microversion 2.36 over HTTP: the network proxy APIs answer 404 and the
limits and quota sets lose their network fields; 2.35 still has them."""

PROXY_GETS = ('/os-networks', '/os-tenant-networks', '/os-floating-ips',
              '/os-floating-ip-pools', '/os-floating-ips-bulk',
              '/os-floating-ip-dns', '/os-security-groups',
              '/os-security-group-default-rules', '/os-fixed-ips/10.0.0.2',
              '/images', '/os-volumes', '/os-snapshots')
NETWORK_LIMITS = {'maxSecurityGroups', 'maxSecurityGroupRules',
                  'maxTotalFloatingIps', 'totalFloatingIpsUsed',
                  'totalSecurityGroupsUsed'}
NETWORK_QUOTAS = {'fixed_ips', 'floating_ips', 'security_groups',
                  'security_group_rules'}


def test_proxy_apis_end_at_2_35(aio):
    old = aio.api.as_user('admin:admin', '2.35')
    new = aio.api.as_user('admin:admin', '2.36')
    for path in PROXY_GETS:
        before = old.get(path)
        assert before.status_code != 404 or path.startswith('/os-fixed'), (
            path, before.text)
        after = new.get(path)
        assert after.status_code == 404, (path, after.text)
        assert after.json()['itemNotFound']['code'] == 404
    assert old.post('/os-security-groups', json={'security_group': {
        'name': 'late', 'description': 'x'}}).status_code == 200
    assert new.post('/os-security-groups', json={'security_group': {
        'name': 'later', 'description': 'x'}}).status_code == 404


def test_limits_drop_network_fields_at_2_36(aio):
    path = '/limits'
    old = aio.api.as_user('admin:admin', '2.35').get(path).json()
    new = aio.api.as_user('admin:admin', '2.36').get(path).json()
    old_keys = set(old['limits']['absolute'])
    new_keys = set(new['limits']['absolute'])
    assert NETWORK_LIMITS <= old_keys
    assert old_keys - new_keys == NETWORK_LIMITS
    assert 'maxTotalInstances' in new_keys


def test_quota_sets_drop_network_fields_at_2_36(aio):
    project = 'proj-quota-236'
    old = aio.api.as_user('admin:admin', '2.35')
    new = aio.api.as_user('admin:admin', '2.36')
    for suffix in ('', '/defaults', '/detail'):
        path = '/os-quota-sets/%s%s' % (project, suffix)
        old_keys = set(old.get(path).json()['quota_set'])
        new_keys = set(new.get(path).json()['quota_set'])
        assert old_keys - new_keys == NETWORK_QUOTAS, suffix
    path = '/os-quota-sets/%s' % project
    resp = new.put(path, json={'quota_set': {'floating_ips': 5}})
    assert resp.status_code == 400, resp.text
    resp = new.put(path, json={'quota_set': {'instances': 7}})
    assert resp.status_code == 200, resp.text
    assert 'floating_ips' not in resp.json()['quota_set']
    resp = old.put(path, json={'quota_set': {'floating_ips': 5}})
    assert resp.status_code == 200, resp.text
    assert resp.json()['quota_set']['floating_ips'] == 5
    assert old.delete(path).status_code == 202
