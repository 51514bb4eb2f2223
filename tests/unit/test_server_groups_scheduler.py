"""Server group filters and weighers, alone and in the scheduler."""

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from nova.conductor import manager as conductor_manager
from nova.conductor import move_tasks
from nova.conductor import server_group_check
from nova.db import instances as instances_db
from nova.db import services as services_db
from nova import exception
from nova import objects
from nova.scheduler.filters import server_group_filters
from nova.scheduler import manager
from nova.scheduler import weights
from nova.scheduler.weights import affinity


class _Host:
    def __init__(self, host):
        self.host = host


def _group_spec(policy, hosts=()):
    group = objects.InstanceGroup(uuid=uuidutils.generate_uuid(),
                                  policy=policy, hosts=list(hosts),
                                  members=[], rules={})
    return objects.RequestSpec(instance_group=group)


@pytest.mark.parametrize('hosts, passing', [
    ([], {'a', 'b', 'c'}), (['b'], {'a', 'c'}), (['a', 'c'], {'b'})])
def test_anti_affinity_filter(hosts, passing):
    check = server_group_filters.ServerGroupAntiAffinityFilter()
    spec = _group_spec('anti-affinity', hosts)
    assert {h for h in 'abc' if check.host_passes(_Host(h), spec)} == \
        passing


@pytest.mark.parametrize('hosts, passing', [
    ([], {'a', 'b', 'c'}), (['b'], {'b'})])
def test_affinity_filter(hosts, passing):
    check = server_group_filters.ServerGroupAffinityFilter()
    spec = _group_spec('affinity', hosts)
    assert {h for h in 'abc' if check.host_passes(_Host(h), spec)} == \
        passing


@pytest.mark.parametrize('spec', [
    objects.RequestSpec(), objects.RequestSpec(instance_group=None),
    _group_spec('soft-anti-affinity', ['a']),
    _group_spec('soft-affinity', ['a'])])
def test_filters_ignore_requests_without_a_hard_policy(spec):
    for check in (server_group_filters.ServerGroupAffinityFilter(),
                  server_group_filters.ServerGroupAntiAffinityFilter()):
        assert check.host_passes(_Host('a'), spec)
        assert check.host_passes(_Host('b'), spec)


def _ranked(weigher, spec):
    hosts = [_Host(h) for h in 'abc']
    return [h.host for h in weights.weigh([weigher], hosts, spec)]


def test_soft_anti_affinity_weigher_prefers_hosts_without_members(conf):
    weigher = affinity.ServerGroupSoftAntiAffinityWeigher()
    ranked = _ranked(weigher, _group_spec('soft-anti-affinity', ['a', 'b']))
    assert ranked[0] == 'c'
    assert ranked[1:] == ['a', 'b']
    # A hard anti-affinity group is the filter's job: no preference here.
    assert [weigher.raw_weight(_Host(h), _group_spec('anti-affinity', ['a']))
            for h in 'abc'] == [0, 0, 0]


def test_soft_affinity_weigher_prefers_hosts_with_members(conf):
    weigher = affinity.ServerGroupSoftAffinityWeigher()
    assert _ranked(weigher, _group_spec('soft-affinity', ['b']))[0] == 'b'


def test_soft_weigher_multipliers_come_from_config(conf):
    conf.set_override('soft_anti_affinity_weight_multiplier', 3.5,
                      group='filter_scheduler')
    conf.set_override('soft_affinity_weight_multiplier', 0.0,
                      group='filter_scheduler')
    assert affinity.ServerGroupSoftAntiAffinityWeigher() \
        .weight_multiplier() == 3.5
    weigher = affinity.ServerGroupSoftAffinityWeigher()
    # Multiplier 0 turns the preference off: the order stays as given.
    assert _ranked(weigher, _group_spec('soft-affinity', ['c'])) == [
        'a', 'b', 'c']


# In the scheduler, with hosts and instances in the database ------------

def _compute_host(ctx, name):
    services_db.service_create(ctx, {
        'host': name, 'binary': 'nova-compute', 'topic': 'compute',
        'last_seen_up': timeutils.utcnow()})
    services_db.compute_node_create(ctx, {
        'host': name, 'hypervisor_hostname': name, 'hypervisor_type': 'fake',
        'vcpus': 8, 'memory_mb': 8192, 'local_gb': 100,
        'free_ram_mb': 8192, 'free_disk_gb': 100,
        'cpu_allocation_ratio': 1.0, 'ram_allocation_ratio': 1.0,
        'disk_allocation_ratio': 1.0})


def _request(ctx, group, count):
    flavor = objects.Flavor(id=1, flavorid='1', name='small', memory_mb=512,
                            vcpus=1, root_gb=1, ephemeral_gb=0, swap=0)
    uuids = []
    for _ in range(count):
        uuid = uuidutils.generate_uuid()
        instances_db.instance_create(ctx, {
            'uuid': uuid, 'project_id': 'p', 'memory_mb': 512, 'vcpus': 1,
            'root_gb': 1, 'ephemeral_gb': 0})
        uuids.append(uuid)
    if group is not None:
        objects.InstanceGroup.add_members(ctx, group.uuid, uuids)
        group.refresh()
    return objects.RequestSpec(
        flavor=flavor, instance_uuids=uuids, num_instances=count,
        ignore_hosts=[], availability_zone=None, scheduler_hints={},
        instance_group=group)


def _stored_group(ctx, policy):
    group = objects.InstanceGroup(
        context=ctx, uuid=uuidutils.generate_uuid(), name='g', user_id='u',
        project_id='p', policy=policy, rules={}, members=[])
    group.create()
    return group


@pytest.fixture
def three_hosts(admin_context):
    for name in ('h1', 'h2', 'h3'):
        _compute_host(admin_context, name)
    return admin_context


def test_multi_create_spreads_an_anti_affinity_group(three_hosts):
    ctx = three_hosts
    group = _stored_group(ctx, 'anti-affinity')
    picks = manager.SchedulerManager('s').select_destinations(
        ctx, _request(ctx, group, 3))
    assert sorted(s.service_host for s in picks) == ['h1', 'h2', 'h3']


def test_anti_affinity_beyond_the_hosts_names_the_filter(three_hosts):
    ctx = three_hosts
    group = _stored_group(ctx, 'anti-affinity')
    scheduler = manager.SchedulerManager('s')
    scheduler.select_destinations(ctx, _request(ctx, group, 3))
    with pytest.raises(exception.NoValidHost) as error:
        scheduler.select_destinations(ctx, _request(ctx, group, 1))
    assert 'ServerGroupAntiAffinityFilter removed 3' in \
        error.value.format_message()


def test_affinity_keeps_a_group_on_one_host(three_hosts):
    ctx = three_hosts
    group = _stored_group(ctx, 'affinity')
    scheduler = manager.SchedulerManager('s')
    first = scheduler.select_destinations(ctx, _request(ctx, group, 2))
    later = scheduler.select_destinations(ctx, _request(ctx, group, 1))
    assert len({s.service_host for s in first + later}) == 1


def test_soft_anti_affinity_outweighs_stacking(three_hosts, conf):
    """RAM weigher set to stack: only the group weigher spreads them."""
    ctx = three_hosts
    conf.set_override('ram_weight_multiplier', -1.0,
                      group='filter_scheduler')
    conf.set_override('soft_anti_affinity_weight_multiplier', 2.0,
                      group='filter_scheduler')
    scheduler = manager.SchedulerManager('s')
    group = _stored_group(ctx, 'soft-anti-affinity')
    picks = scheduler.select_destinations(ctx, _request(ctx, group, 3))
    assert sorted(s.service_host for s in picks) == ['h1', 'h2', 'h3']
    # A fourth still fits (soft), unlike with anti-affinity.
    assert len(scheduler.select_destinations(
        ctx, _request(ctx, group, 1))) == 1
    # Without a group the same options stack servers on one host.
    assert len({s.service_host for s in scheduler.select_destinations(
        ctx, _request(ctx, None, 2))}) == 1


def test_soft_affinity_outweighs_spreading(three_hosts, conf):
    ctx = three_hosts
    conf.set_override('soft_affinity_weight_multiplier', 2.0,
                      group='filter_scheduler')
    scheduler = manager.SchedulerManager('s')
    group = _stored_group(ctx, 'soft-affinity')
    picks = scheduler.select_destinations(ctx, _request(ctx, group, 3))
    assert len({s.service_host for s in picks}) == 1


# The late check: two schedulers racing into one anti-affinity group -----

class _Builds:
    """Stands in for the compute RPC client: records where builds go."""

    def __init__(self):
        self.hosts = {}

    def build_and_run_instance(self, context, instance, host, node, *args,
                               **kwargs):
        self.hosts[instance.uuid] = host

    def can_build_with_bdms(self):
        return False

    def can_build_with_network_info(self):
        return False


def _conductor(scheduler, builds):
    # Built without __init__, which needs an RPC transport.
    conductor = conductor_manager.ConductorManager.__new__(
        conductor_manager.ConductorManager)
    conductor.host = 'conductor'
    conductor.scheduler = scheduler
    conductor.compute = builds
    return conductor


def test_late_check_moves_the_server_that_lost_a_race(three_hosts, conf):
    """Root cause: both requests read the group before either claimed, so
    both schedulers found the same host free of the group."""
    ctx = three_hosts
    conf.set_override('ram_weight_multiplier', -1.0,
                      group='filter_scheduler')  # both pick the same host
    group = _stored_group(ctx, 'anti-affinity')
    first, second = _request(ctx, group, 1), _request(ctx, group, 1)
    # Each request read the group on its own, before any claim.
    for spec in (first, second):
        spec.instance_group = objects.InstanceGroup.get_by_uuid(ctx,
                                                                group.uuid)
        assert spec.instance_group.hosts == []
    scheduler = manager.SchedulerManager('s')
    picked = scheduler.select_destinations(ctx, first)
    raced = scheduler.select_destinations(ctx, second)
    assert picked[0].service_host == raced[0].service_host
    builds = _Builds()
    instance = objects.Instance.get_by_uuid(ctx, raced[0].instance_uuid)

    class _Replays:
        """The scheduler answers with the racing selection once."""
        def select_destinations(self, context, spec):
            self.select_destinations = scheduler.select_destinations
            return raced

    _conductor(_Replays(), builds).build_instances(
        ctx, [instance], None, second, None, [])
    moved_to = builds.hosts[instance.uuid]
    assert moved_to != picked[0].service_host
    stored = objects.Instance.get_by_uuid(ctx, instance.uuid)
    assert stored.host == moved_to
    kept = objects.Instance.get_by_uuid(ctx, picked[0].instance_uuid)
    assert kept.host == picked[0].service_host
    # The lost claim was given back: the shared host counts one server.
    node = objects.ComputeNode.get_by_host_and_nodename(
        ctx, picked[0].service_host, picked[0].nodename)
    assert node.running_vms == 1


def test_conductor_refreshes_the_group_or_drops_a_deleted_one(three_hosts):
    ctx = three_hosts
    group = _stored_group(ctx, 'anti-affinity')
    spec = _request(ctx, group, 1)
    stale = objects.InstanceGroup.get_by_uuid(ctx, group.uuid)
    manager.SchedulerManager('s').select_destinations(ctx, spec)
    later = _request(ctx, group, 1)
    later.instance_group = stale
    server_group_check.refresh_group(later)
    assert later.instance_group.hosts == [
        objects.Instance.get_by_uuid(ctx, spec.instance_uuids[0]).host]
    group.destroy()
    server_group_check.refresh_group(later)
    assert later.instance_group is None
    assert server_group_check.unplace_losers(ctx, later, [], []) == []


def test_a_moving_member_avoids_the_others_but_not_itself(three_hosts):
    """Moves (migrate, evacuate, unshelve) carry the group too; the moving
    server's own host does not count, or affinity could never move."""
    ctx = three_hosts
    group = _stored_group(ctx, 'anti-affinity')
    scheduler = manager.SchedulerManager('s')
    placed = scheduler.select_destinations(ctx, _request(ctx, group, 2))
    staying, moving = (objects.Instance.get_by_uuid(ctx, s.instance_uuid)
                       for s in placed)
    spec = move_tasks.MoveTasksMixin._request_spec(
        ctx, moving, _request(ctx, None, 1).flavor, [moving.host])
    assert spec.instance_group.hosts == [staying.host]
    (target,) = scheduler.select_destinations(ctx, spec)
    assert target.service_host not in (staying.host, moving.host)
    # A server in no group moves free.
    lone = objects.Instance.get_by_uuid(
        ctx, _request(ctx, None, 1).instance_uuids[0])
    assert server_group_check.group_for_move(ctx, lone) is None


def test_max_server_per_host_lets_members_share_a_host():
    """API 2.64: anti-affinity with max_server_per_host allows that many
    members on one host."""
    check = server_group_filters.ServerGroupAntiAffinityFilter()
    spec = _group_spec('anti-affinity', ['a', 'b'])
    spec.instance_group.rules = {'max_server_per_host': '2'}
    spec.instance_group.host_counts = {'a': 2, 'b': 1}
    assert {h for h in 'abc' if check.host_passes(_Host(h), spec)} == \
        {'b', 'c'}


def test_multi_create_fills_hosts_up_to_max_server_per_host(three_hosts):
    ctx = three_hosts
    group = objects.InstanceGroup(
        context=ctx, uuid=uuidutils.generate_uuid(), name='g', user_id='u',
        project_id='p', policy='anti-affinity',
        rules={'max_server_per_host': '2'}, members=[])
    group.create()
    scheduler = manager.SchedulerManager('s')
    picks = scheduler.select_destinations(ctx, _request(ctx, group, 6))
    assert sorted(s.service_host for s in picks) == \
        ['h1', 'h1', 'h2', 'h2', 'h3', 'h3']
    with pytest.raises(exception.NoValidHost):
        scheduler.select_destinations(ctx, _request(ctx, group, 1))
