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


class ResourceTracker:
    """Reports capacity from the driver; usage is counted in the database
    from the instances placed on the node (see ComputeNode.refresh_usage),
    so claims made by the scheduler are never lost."""

    def __init__(self, host, driver):
        self.host = host
        self.driver = driver
        self.nodes = {}  # nodename -> ComputeNode

    def update_available_resource(self, context, service_id=None):
        for nodename in self.driver.get_available_nodes(refresh=True):
            resources = self.driver.get_available_resource(nodename)
            node = self.nodes.get(nodename) or self._find_or_create(
                context, nodename, resources, service_id)
            for name in _CAPACITY_FIELDS:
                value = getattr(resources, name)
                if getattr(node, name) != value:
                    setattr(node, name, value)
            node.cpu_allocation_ratio = CONF.cpu_allocation_ratio
            node.ram_allocation_ratio = CONF.ram_allocation_ratio
            node.disk_allocation_ratio = CONF.disk_allocation_ratio
            node.save()
            self.refresh_usage(context, node)
            self.nodes[nodename] = node

    def refresh_usage(self, context, node=None):
        for target in [node] if node else list(self.nodes.values()):
            refresh_node_usage(target)

    def _find_or_create(self, context, nodename, resources, service_id):
        try:
            return objects.ComputeNode.get_by_host_and_nodename(
                context, self.host, nodename)
        except exception.ComputeHostNotFound:
            pass
        node = objects.ComputeNode(context=context)
        node.host = self.host
        node.hypervisor_hostname = nodename
        node.service_id = service_id
        for name in _CAPACITY_FIELDS:
            setattr(node, name, getattr(resources, name))
        node.free_ram_mb = resources.memory_mb
        node.free_disk_gb = resources.local_gb
        node.cpu_allocation_ratio = CONF.cpu_allocation_ratio
        node.ram_allocation_ratio = CONF.ram_allocation_ratio
        node.disk_allocation_ratio = CONF.disk_allocation_ratio
        try:
            node.create()
        except exception.ComputeNodeExists:
            return objects.ComputeNode.get_by_host_and_nodename(
                context, self.host, nodename)
        LOG.info('Registered compute node %s of host %s', nodename,
                 self.host)
        return node
