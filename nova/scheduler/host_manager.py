"""The scheduler's view of every compute node, kept in memory.

HostManager loads every node, service and placed instance in bulk once,
then on each request reads only the rows changed since its last look (a
few queries whatever the host count), and reloads everything every
[filter_scheduler] host_state_full_reload_seconds to heal any drift.
"""

import datetime
import json
import threading

from oslo_log import log as logging
from oslo_utils import timeutils

from nova.compute import task_states
from nova.conf import CONF
from nova.db import api as db_api
from nova.db import host_states as db
from nova import objects
from nova import service as nova_service

LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'nova-compute'

# Task states that keep a host's disks and network busy (IoOpsFilter).
IO_HEAVY_TASK_STATES = frozenset([
    task_states.SPAWNING, task_states.REBUILDING,
    task_states.REBUILD_SPAWNING, task_states.UNSHELVING,
    task_states.RESIZE_PREP, task_states.RESIZE_MIGRATING,
    task_states.RESIZE_MIGRATED, task_states.RESIZE_FINISH,
    task_states.IMAGE_SNAPSHOT, task_states.IMAGE_BACKUP,
    task_states.IMAGE_UPLOADING, task_states.IMAGE_PENDING_UPLOAD,
    task_states.SHELVING, task_states.SHELVING_IMAGE_PENDING_UPLOAD,
    task_states.SHELVING_IMAGE_UPLOADING, task_states.SHELVING_OFFLOADING,
])

# Callables(context, host_states) that add attributes to the host states
# after each load (aggregates, server groups); they must query in bulk.
HOST_STATE_LOADERS = []

# Rows written while we read may carry a slightly older timestamp (clocks
# of other processes, open transactions): look back this far; re-reading a
# row is harmless.
_CLOCK_MARGIN = datetime.timedelta(seconds=5)


def _json(text, default):
    try:
        value = json.loads(text or '')
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def _metrics(stats):
    """{name: float} from the node's stats 'metrics' (a dict, or a list of
    {'name', 'value'} like upstream's metrics column)."""
    raw = stats.get('metrics') or {}
    if isinstance(raw, list):
        raw = {m.get('name'): m.get('value') for m in raw
               if isinstance(m, dict)}
    metrics = {}
    for name, value in raw.items():
        try:
            metrics[str(name)] = float(value)
        except (TypeError, ValueError):
            continue
    return metrics


def _generation(node):
    """The node's generation; -1 for a node object built without one."""
    if isinstance(node, objects.ComputeNode) and \
            not node.obj_attr_is_set('generation'):
        return -1
    return getattr(node, 'generation', None) or 0


class HostState:
    """One node's capacity and usage as filters and weighers see it."""

    def __init__(self, node, service, context=None, consumed=None):
        self.service = service
        self.host = node.host
        self.nodename = node.hypervisor_hostname
        self.availability_zone = CONF.default_availability_zone
        # Filled by the aggregates and server group loaders.
        self.aggregates = []
        self.instances = {}  # uuid -> instance_type_id
        self.io_ops_uuids = set()
        # uuid -> node id of the instances consume() placed, shared by the
        # HostManager's states (see HostManager._place_instance).
        self._consumed = {} if consumed is None else consumed
        self._context = context
        self.update(node)

    def update(self, node):
        """Take the values of node: a ComputeNode or a compute_nodes row.

        A row older than the one shown (a lower generation) is ignored:
        a load that read the node before a claim of this process must not
        hide that claim.
        """
        generation = _generation(node)
        if generation < getattr(self, 'generation', -1):
            return
        self.generation = generation
        self._row = node
        self.node_id = node.id
        self._node = node if isinstance(node, objects.ComputeNode) else None
        self.total_vcpus = node.vcpus * node.cpu_allocation_ratio
        self.vcpus_used = node.vcpus_used
        self.total_ram_mb = node.memory_mb * node.ram_allocation_ratio
        self.ram_used_mb = node.memory_mb_used
        self.total_disk_gb = node.local_gb * node.disk_allocation_ratio
        self.disk_used_gb = node.local_gb_used
        self.num_instances = node.running_vms
        self.host_ip = node.host_ip
        self.hypervisor_type = node.hypervisor_type
        self.hypervisor_version = node.hypervisor_version
        described = (node.cpu_info, node.stats, node.hypervisor_type,
                     node.vcpus, node.memory_mb)
        if described == getattr(self, '_described', None):
            return  # a claim or a recount: only the usage changed
        self._described = described
        self.cpu_info = _json(node.cpu_info, {})
        self.stats = _json(node.stats, {})
        self.metrics = _metrics(self.stats)
        self.supported_instances = [tuple(t) for t in self.cpu_info.get(
            'supported_instances',
            [(self.cpu_info.get('arch', 'x86_64'), node.hypervisor_type,
              'hvm')])]
        self.numa_cells = self._numa_cells(node)
        # Device pools as [{'name': alias, 'count': n}]; none reported yet.
        self.pci_pools = list(self.stats.get('pci_pools') or [])

    @property
    def node(self):
        """The ComputeNode object (to claim on), built when first asked:
        most host states are never chosen."""
        if self._node is None:
            self._node = objects.ComputeNode._from_db(self._context,
                                                      self._row)
        return self._node

    def _numa_cells(self, node):
        """[{'vcpus': n, 'memory_mb': m}] from the reported topology, or
        one cell holding the whole node."""
        count = self.cpu_info.get('numa_nodes') or 1
        try:
            count = max(1, int(count))
        except (TypeError, ValueError):
            count = 1
        return [{'vcpus': node.vcpus // count,
                 'memory_mb': node.memory_mb // count}
                for _ in range(count)]

    @property
    def num_io_ops(self):
        return len(self.io_ops_uuids)

    @property
    def free_ram_mb(self):
        return self.total_ram_mb - self.ram_used_mb

    @property
    def free_vcpus(self):
        return self.total_vcpus - self.vcpus_used

    @property
    def free_disk_gb(self):
        return self.total_disk_gb - self.disk_used_gb

    def consume(self, flavor, instance_uuid=None):
        """Account locally for an instance placed here, so later
        instances of the same request see it."""
        self.vcpus_used += flavor.vcpus
        self.ram_used_mb += flavor.memory_mb
        self.disk_used_gb += flavor.root_gb + flavor.ephemeral_gb
        self.num_instances += 1
        self.placed(flavor, instance_uuid)

    def claimed(self, node, flavor, instance_uuid):
        """Take the node as a claim in the database left it (usage counts
        the claim): adding the flavor to the usage seen before could count
        the claim twice when another request of this process has read the
        node since, and a host would look full while it still has room."""
        self.update(node)
        self.placed(flavor, instance_uuid)

    def placed(self, flavor, instance_uuid):
        """The instance is about to spawn here."""
        if instance_uuid is not None:
            self.instances[instance_uuid] = flavor.id
            self.io_ops_uuids.add(instance_uuid)  # it is about to spawn
            self._consumed[instance_uuid] = self.node_id

    def __repr__(self):
        return '(%s, %s) ram: %dMB disk: %dGB vcpus: %d' % (
            self.host, self.nodename, self.free_ram_mb, self.free_disk_gb,
            self.free_vcpus)


class ServiceView:
    """The columns of a compute service the filters read; its
    last_seen_up is refreshed apart (see HostManager)."""

    __slots__ = db.SERVICE_COLUMNS

    def __init__(self, row):
        for name in self.__slots__:
            setattr(self, name, getattr(row, name))


class HostManager:
    """Host states of one scheduler process, refreshed incrementally."""

    def __init__(self):
        self._lock = threading.Lock()
        self._states = {}  # node id -> HostState
        self._node_rows = {}  # node id -> row the state was built from
        self._services = {}  # host -> ServiceView
        self._instance_nodes = {}  # instance uuid -> node id
        self._consumed = {}  # instance uuid -> node id, see consume()
        self._first_node = None  # host -> its first node's HostState
        self._listed = None  # states with a service, until one changes
        self._last_refresh = None
        self._last_full = None
        self._last_liveness = None

    def get_host_states(self, context):
        """Fresh HostStates of every node with a compute service."""
        # The reads of services, nodes, instances and aggregates in one
        # transaction: four per request before.
        with self._lock, db_api.reader.using(context):
            now = timeutils.utcnow()
            interval = CONF.filter_scheduler.host_state_full_reload_seconds
            if (self._last_full is None or
                    (now - self._last_full).total_seconds() >= interval):
                self._states, self._node_rows = {}, {}
                self._services, self._instance_nodes = {}, {}
                self._consumed.clear()
                self._first_node = self._listed = None
                self._load(context, since=None)
                self._last_full = self._last_liveness = now
            else:
                self._load(context, self._last_refresh - _CLOCK_MARGIN)
                self._refresh_liveness(context, now)
            self._last_refresh = now
            if self._listed is None:
                self._listed = []
                for state in self._states.values():
                    state.service = self._services.get(state.host)
                    if state.service is not None:
                        self._listed.append(state)
            states = list(self._listed)
            for loader in HOST_STATE_LOADERS:
                loader(context, states)
            return states

    def _refresh_liveness(self, context, now):
        """Heartbeats only matter on the scale of service_down_time: read
        them every quarter of it (at most every 10 s), not per request."""
        interval = min(10.0, CONF.service_down_time / 4.0)
        if (now - self._last_liveness).total_seconds() < interval:
            return
        self._last_liveness = now
        for host, last_seen_up in db.service_liveness(context,
                                                      COMPUTE_BINARY):
            service = self._services.get(host)
            if service is not None:
                service.last_seen_up = last_seen_up

    def _load(self, context, since):
        """Apply the rows changed since (everything when None)."""
        for row in db.services(context, COMPUTE_BINARY, since=since):
            current = self._services.get(row.host)
            if row.deleted:
                if current is not None and current.id == row.id:
                    del self._services[row.host]
                    self._listed = None
            else:
                if current is None:
                    self._listed = None
                    self._services[row.host] = ServiceView(row)
                else:
                    for name in ServiceView.__slots__:
                        setattr(current, name, getattr(row, name))
        changed_nodes = False
        for row in db.compute_nodes(context, since=since):
            if self._node_rows.get(row.id) == row:
                continue  # read again within the margin, unchanged
            changed_nodes = True
            if row.deleted:
                self._states.pop(row.id, None)
                self._node_rows.pop(row.id, None)
                self._listed = None
                continue
            self._node_rows[row.id] = row
            if row.id in self._states:
                self._states[row.id].update(row)
            else:
                self._states[row.id] = HostState(
                    row, self._services.get(row.host), context,
                    self._consumed)
                self._listed = None
        instances = db.placed_instances(context, since=since)
        if instances:
            first_node = self._first_node_of_hosts(changed_nodes)
            for row in instances:
                self._place_instance(row, first_node)

    def _first_node_of_hosts(self, changed):
        if changed or self._first_node is None:
            self._first_node = {}
            for state in self._states.values():
                self._first_node.setdefault(state.host, state)
        return self._first_node

    def _place_instance(self, row, first_node):
        """Move an instance row into the instances of its host's node."""
        # Once the row shows a host (or deletion), also forget where
        # consume() put it: a server first read once ACTIVE would otherwise
        # stay an I/O op of that host until the next full reload
        # (IoOpsFilter and IoOpsWeigher then shunned an idle host).
        consumed = (self._consumed.pop(row.uuid, None)
                    if row.deleted or row.host else None)
        for node_id in (self._instance_nodes.pop(row.uuid, None), consumed):
            old = self._states.get(node_id)
            if old is not None:
                old.instances.pop(row.uuid, None)
                old.io_ops_uuids.discard(row.uuid)
        if row.deleted or not row.host:
            return
        state = first_node.get(row.host)
        if state is None:
            return
        self._instance_nodes[row.uuid] = state.node_id
        state.instances[row.uuid] = row.instance_type_id
        if row.task_state in IO_HEAVY_TASK_STATES:
            state.io_ops_uuids.add(row.uuid)


def service_is_usable(service):
    return not service.disabled and nova_service.is_up(service)
