"""The scheduler's view of every compute node, loaded in bulk."""

from nova.conf import CONF
from nova import objects
from nova import service as nova_service

COMPUTE_BINARY = 'nova-compute'


class HostState:
    """One node's capacity and usage as filters and weighers see it."""

    def __init__(self, node, service):
        self.node = node
        self.service = service
        self.host = node.host
        self.nodename = node.hypervisor_hostname
        self.availability_zone = CONF.default_availability_zone
        self.update(node)

    def update(self, node):
        self.node = node
        self.total_vcpus = node.vcpus * node.cpu_allocation_ratio
        self.vcpus_used = node.vcpus_used
        self.total_ram_mb = node.memory_mb * node.ram_allocation_ratio
        self.ram_used_mb = node.memory_mb_used
        self.total_disk_gb = node.local_gb * node.disk_allocation_ratio
        self.disk_used_gb = node.local_gb_used
        self.num_instances = node.running_vms

    @property
    def free_ram_mb(self):
        return self.total_ram_mb - self.ram_used_mb

    @property
    def free_vcpus(self):
        return self.total_vcpus - self.vcpus_used

    @property
    def free_disk_gb(self):
        return self.total_disk_gb - self.disk_used_gb

    def consume(self, flavor):
        """Account locally for a claim made in the database."""
        self.vcpus_used += flavor.vcpus
        self.ram_used_mb += flavor.memory_mb
        self.disk_used_gb += flavor.root_gb + flavor.ephemeral_gb
        self.num_instances += 1

    def __repr__(self):
        return '(%s, %s) ram: %dMB disk: %dGB vcpus: %d' % (
            self.host, self.nodename, self.free_ram_mb, self.free_disk_gb,
            self.free_vcpus)


def get_host_states(context):
    """HostStates of every compute node: two queries, whatever the count."""
    services = {s.host: s for s in objects.ServiceList.get_all(
        context, binary=COMPUTE_BINARY)}
    states = []
    for node in objects.ComputeNodeList.get_all(context):
        service = services.get(node.host)
        if service is not None:
            states.append(HostState(node, service))
    return states


def service_is_usable(service):
    return not service.disabled and nova_service.is_up(service)
