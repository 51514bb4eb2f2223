"""GET /limits: quota defaults and the usage counted at request time."""

from oslo_utils import uuidutils

from nova.db import instances as instances_db

USER = 'alice:proj-a'


def _add_instance(context, project_id, vcpus, memory_mb):
    uuid = uuidutils.generate_uuid()
    instances_db.instance_create(context, {
        'uuid': uuid, 'project_id': project_id, 'user_id': 'someone',
        'vcpus': vcpus, 'memory_mb': memory_mb, 'vm_state': 'active'})
    return uuid


def _absolute(resp):
    assert resp.status_int == 200, resp.body
    assert resp.json['limits']['rate'] == []
    return resp.json['limits']['absolute']


def test_defaults_and_no_usage(api):
    assert _absolute(api.as_user(USER).get('/v2.1/limits')) == {
        'maxTotalInstances': 10, 'maxTotalCores': 20,
        'maxTotalRAMSize': 51200, 'maxServerMeta': 128, 'maxImageMeta': 128,
        'maxPersonality': 5, 'maxPersonalitySize': 10240,
        'maxTotalKeypairs': 100, 'maxServerGroups': 10,
        'maxServerGroupMembers': 10, 'maxSecurityGroups': 10,
        'maxSecurityGroupRules': 20, 'maxTotalFloatingIps': 10,
        'totalInstancesUsed': 0, 'totalCoresUsed': 0, 'totalRAMUsed': 0,
        'totalFloatingIpsUsed': 0, 'totalSecurityGroupsUsed': 0,
        'totalServerGroupsUsed': 0}


def test_limits_follow_configuration(api, conf):
    conf.set_override('instances', 3, group='quota')
    conf.set_override('ram', -1, group='quota')
    conf.set_override('key_pairs', 7, group='quota')
    conf.set_override('metadata_items', 9, group='quota')
    limits = _absolute(api.as_user(USER).get('/v2.1/limits'))
    assert (limits['maxTotalInstances'], limits['maxTotalRAMSize'],
            limits['maxTotalKeypairs'], limits['maxServerMeta'],
            limits['maxImageMeta']) == (3, -1, 7, 9, 9)


def test_usage_is_counted_per_project_at_request_time(api, admin_context):
    _add_instance(admin_context, 'proj-a', 2, 1024)
    doomed = _add_instance(admin_context, 'proj-a', 1, 512)
    _add_instance(admin_context, 'proj-b', 8, 8192)
    limits = _absolute(api.as_user(USER).get('/v2.1/limits'))
    assert (limits['totalInstancesUsed'], limits['totalCoresUsed'],
            limits['totalRAMUsed']) == (2, 3, 1536)
    instances_db.instance_destroy(admin_context, doomed)
    limits = _absolute(api.as_user(USER).get('/v2.1/limits'))
    assert (limits['totalInstancesUsed'], limits['totalCoresUsed'],
            limits['totalRAMUsed']) == (1, 2, 1024)


def test_admin_may_ask_for_another_project(api, admin_context):
    _add_instance(admin_context, 'proj-b', 8, 8192)
    assert _absolute(api.get('/v2.1/limits'))['totalInstancesUsed'] == 0
    limits = _absolute(api.get('/v2.1/limits?tenant_id=proj-b'))
    assert (limits['totalInstancesUsed'], limits['totalCoresUsed'],
            limits['totalRAMUsed']) == (1, 8, 8192)


def test_users_may_not_ask_for_another_project(api, admin_context):
    _add_instance(admin_context, 'proj-b', 8, 8192)
    resp = api.as_user(USER).get('/v2.1/limits?tenant_id=proj-b')
    assert resp.status_int == 403
    assert resp.json == {'forbidden': {
        'code': 403, 'message': 'Policy doesn\'t allow '
        'os_compute_api:limits:other_project to be performed.'}}
    # Naming one's own project is fine.
    resp = api.as_user(USER).get('/v2.1/limits?tenant_id=proj-a')
    assert _absolute(resp)['totalInstancesUsed'] == 0


def test_tenant_id_given_twice_is_rejected(api):
    resp = api.get('/v2.1/limits?tenant_id=a&tenant_id=b')
    assert resp.status_int == 400
    assert resp.json['badRequest']['message'].startswith(
        'Invalid input for field/attribute tenant_id.')


def test_limits_follow_the_projects_own_quotas(api):
    resp = api.put('/v2.1/os-quota-sets/proj-a', body={'quota_set': {
        'instances': 4, 'cores': 8, 'security_groups': 3,
        'floating_ips': 2, 'security_group_rules': 6, 'key_pairs': 9}})
    assert resp.status_int == 200, resp.body
    limits = _absolute(api.as_user(USER).get('/v2.1/limits'))
    assert (limits['maxTotalInstances'], limits['maxTotalCores'],
            limits['maxSecurityGroups'], limits['maxTotalFloatingIps'],
            limits['maxSecurityGroupRules'], limits['maxTotalKeypairs']) == (
        4, 8, 3, 2, 6, 9)
    # Other projects keep the defaults; admins see them with tenant_id.
    assert _absolute(api.get('/v2.1/limits?tenant_id=proj-b'))[
        'maxTotalInstances'] == 10
    assert _absolute(api.get('/v2.1/limits?tenant_id=proj-a'))[
        'maxTotalInstances'] == 4


def test_soft_deleted_servers_still_count(api, admin_context):
    uuid = _add_instance(admin_context, 'proj-a', 2, 1024)
    instances_db.instance_update(admin_context, uuid,
                                 {'vm_state': 'soft-delete'})
    limits = _absolute(api.as_user(USER).get('/v2.1/limits'))
    assert (limits['totalInstancesUsed'], limits['totalCoresUsed']) == (1, 2)
