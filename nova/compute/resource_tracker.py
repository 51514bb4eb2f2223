"""Keeps each node's compute_nodes record in step with the hypervisor."""

from oslo_log import log as logging

import nova.conf
from nova import exception
from nova import metrics
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# Fields copied from the driver's HostResources to the record.
_CAPACITY_FIELDS = ('vcpus', 'memory_mb', 'local_gb', 'hypervisor_type',
                    'hypervisor_version', 'cpu_info', 'host_ip',
                    'disk_available_least')


def refresh_node_usage(node):
    """Recount node's usage, keeping this host's reserved resources."""
    node.refresh_usage(CONF.reserved_host_cpus, CONF.reserved_host_memory_mb,
                       (CONF.reserved_host_disk_mb + 1023) // 1024)
    metrics.observe_node(node)


def refresh_move_nodes(context, migration):
    """Recount both ends of a move (usage is counted in the database from
    instances and migrations; see nova.db.instance_migrations)."""
    for host, node in {(migration.source_compute, migration.source_node),
                       (migration.dest_compute, migration.dest_node)}:
        if not host or not node:
            continue
        try:
            refresh_node_usage(objects.ComputeNode.get_by_host_and_nodename(
                context, host, node))
        except exception.ComputeHostNotFound:
            pass  # a host removed meanwhile has nothing left to count


def node_report(host, nodename, resources, service_id=None):
    """What one node reports: its capacity, the allocation ratios and the
    reserved resources of its host's configuration (a plain dict, so many
    travel in one conductor call, see nova.compute.host_group)."""
    report = {name: getattr(resources, name) for name in _CAPACITY_FIELDS}
    report.update(
        host=host, nodename=nodename, service_id=service_id,
        cpu_allocation_ratio=CONF.cpu_allocation_ratio,
        ram_allocation_ratio=CONF.ram_allocation_ratio,
        disk_allocation_ratio=CONF.disk_allocation_ratio,
        reserved=[CONF.reserved_host_cpus, CONF.reserved_host_memory_mb,
                  (CONF.reserved_host_disk_mb + 1023) // 1024])
    return report


_RATIO_FIELDS = ('cpu_allocation_ratio', 'ram_allocation_ratio',
                 'disk_allocation_ratio')


def apply_report(context, report, node=None):
    """Write a node_report to the node's record (found, or created on
    first report) and recount its usage; returns the node.

    Runs where objects reach the database: in nova-compute through the
    conductor's object indirection, one node at a time, or inside the
    conductor for a batch of nodes in one call."""
    if node is None:
        node = _find_or_create(context, report)
    for name in _CAPACITY_FIELDS + _RATIO_FIELDS:
        if getattr(node, name) != report[name]:
            setattr(node, name, report[name])
    node.save()
    node.refresh_usage(*report['reserved'])
    metrics.observe_node(node)
    return node


def _find_or_create(context, report):
    host, nodename = report['host'], report['nodename']
    try:
        return objects.ComputeNode.get_by_host_and_nodename(
            context, host, nodename)
    except exception.ComputeHostNotFound:
        pass
    node = objects.ComputeNode(context=context)
    node.host = host
    node.hypervisor_hostname = nodename
    node.service_id = report['service_id']
    for name in _CAPACITY_FIELDS + _RATIO_FIELDS:
        setattr(node, name, report[name])
    node.free_ram_mb = report['memory_mb']
    node.free_disk_gb = report['local_gb']
    try:
        node.create()
    except exception.ComputeNodeExists:
        return objects.ComputeNode.get_by_host_and_nodename(
            context, host, nodename)
    LOG.info('Registered compute node %s of host %s', nodename, host)
    return node


class ResourceTracker:
    """Reports capacity from the driver; usage is counted in the database
    from the instances placed on the node (see ComputeNode.refresh_usage),
    so claims made by the scheduler are never lost."""

    def __init__(self, host, driver):
        self.host = host
        self.driver = driver
        self.nodes = {}  # nodename -> ComputeNode

    def reports(self, service_id=None):
        """A node_report of each node of the driver."""
        return [node_report(self.host, nodename,
                            self.driver.get_available_resource(nodename),
                            service_id)
                for nodename in self.driver.get_available_nodes(
                    refresh=True)]

    def update_available_resource(self, context, service_id=None):
        for report in self.reports(service_id):
            self.nodes[report['nodename']] = apply_report(
                context, report, self.nodes.get(report['nodename']))

    def take_nodes(self, nodes):
        """Keep the records a batched report (nova.compute.host_group)
        wrote for this host."""
        for node in nodes:
            metrics.observe_node(node)
            self.nodes[node.hypervisor_hostname] = node

    def refresh_usage(self, context, node=None):
        for target in [node] if node else list(self.nodes.values()):
            refresh_node_usage(target)
