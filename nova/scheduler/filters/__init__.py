"""Host filters: each removes the hosts that cannot take a request."""

import importlib


class BaseHostFilter:
    """Subclasses answer host_passes(host_state, spec) -> bool."""

    def host_passes(self, host_state, spec):
        raise NotImplementedError()

    @property
    def name(self):
        return type(self).__name__


_FILTER_MODULES = {
    'AvailabilityZoneFilter': 'availability_zone_filter',
    'ComputeFilter': 'compute_filter',
    'RamFilter': 'resource_filters',
    'CoreFilter': 'resource_filters',
    'DiskFilter': 'resource_filters',
    'AllHostsFilter': 'all_hosts_filter',
    'AggregateRamFilter': 'aggregate_resource_filters',
    'AggregateCoreFilter': 'aggregate_resource_filters',
    'AggregateDiskFilter': 'aggregate_resource_filters',
    'AggregateInstanceExtraSpecsFilter': 'aggregate_instance_extra_specs',
    'AggregateImagePropertiesIsolation':
        'aggregate_image_properties_isolation',
    'AggregateMultiTenancyIsolation': 'aggregate_multitenancy_isolation',
    'AggregateTypeAffinityFilter': 'aggregate_type_affinity_filter',
    'ComputeCapabilitiesFilter': 'compute_capabilities_filter',
    'ImagePropertiesFilter': 'image_props_filter',
    'IsolatedHostsFilter': 'isolated_hosts_filter',
    'JsonFilter': 'json_filter',
    'SameHostFilter': 'affinity_filters',
    'DifferentHostFilter': 'affinity_filters',
    'SimpleCIDRAffinityFilter': 'affinity_filters',
    'RetryFilter': 'retry_filter',
    'NumInstancesFilter': 'busy_host_filters',
    'IoOpsFilter': 'busy_host_filters',
    'TypeAffinityFilter': 'type_affinity_filter',
    'MetricsFilter': 'metrics_filter',
    'NUMATopologyFilter': 'numa_topology_filter',
    'PciPassthroughFilter': 'pci_passthrough_filter',
    'ServerGroupAffinityFilter': 'server_group_filters',
    'ServerGroupAntiAffinityFilter': 'server_group_filters',
}


def load_filters(names):
    filters = []
    for name in names:
        module = _FILTER_MODULES.get(name)
        if module is None:
            raise ValueError('Unknown scheduler filter %s' % name)
        mod = importlib.import_module('nova.scheduler.filters.' + module)
        filters.append(getattr(mod, name)())
    return filters
