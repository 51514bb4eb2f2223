"""Options of the scheduler service."""

from oslo_config import cfg

scheduler_group = cfg.OptGroup('scheduler', title='Scheduler options')

scheduler_opts = [
    cfg.IntOpt('max_attempts', default=3, min=1,
               help='Hosts chosen per instance: the first and alternates '
                    'the conductor retries on when a build fails.'),
]

filter_group = cfg.OptGroup('filter_scheduler',
                            title='Filter scheduler options')

filter_opts = [
    cfg.ListOpt('enabled_filters',
                default=['AvailabilityZoneFilter', 'ComputeFilter',
                         'RamFilter', 'CoreFilter', 'DiskFilter',
                         'ComputeCapabilitiesFilter',
                         'ImagePropertiesFilter',
                         'ServerGroupAntiAffinityFilter',
                         'ServerGroupAffinityFilter'],
                help='Filters a host must pass, in order.'),
    cfg.ListOpt('weight_classes',
                default=['RAMWeigher', 'ServerGroupSoftAffinityWeigher',
                         'ServerGroupSoftAntiAffinityWeigher'],
                help='Weighers that rank the hosts that passed.'),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='Multiplier of the RAM weigher: positive spreads '
                      'servers over hosts, negative stacks them.'),
    cfg.IntOpt('host_subset_size', default=1, min=1,
               help='Pick randomly among the N best hosts, which lowers '
                    'collisions between concurrent schedulers.'),
    cfg.IntOpt('host_state_full_reload_seconds', default=60, min=0,
               help='The scheduler keeps host states in memory and reads '
                    'only the rows changed since its last request; every '
                    'this many seconds it reloads everything instead. 0 '
                    'reloads on every request.'),
    cfg.IntOpt('max_instances_per_host', default=50, min=1,
               help='NumInstancesFilter: hosts with this many instances '
                    'or more take no new ones.'),
    cfg.IntOpt('max_io_ops_per_host', default=8, min=0,
               help='IoOpsFilter: hosts with this many instances in an '
                    'I/O-heavy task (spawning, resizing, rebuilding, '
                    'snapshotting, shelving, unshelving) or more take no '
                    'new ones.'),
    cfg.ListOpt('isolated_images', default=[],
                help='IsolatedHostsFilter: image UUIDs that may only run '
                     'on isolated_hosts.'),
    cfg.ListOpt('isolated_hosts', default=[],
                help='IsolatedHostsFilter: hosts reserved for '
                     'isolated_images.'),
    cfg.BoolOpt('restrict_isolated_hosts_to_isolated_images', default=True,
                help='IsolatedHostsFilter: whether isolated_hosts refuse '
                     'every image not in isolated_images (including '
                     'volume-backed servers, which have no image).'),
    cfg.FloatOpt('cpu_weight_multiplier', default=1.0,
                 help='Multiplier of the CPU weigher: positive prefers '
                      'hosts with more free vCPUs (spread), negative '
                      'fewer (stack).'),
    cfg.FloatOpt('disk_weight_multiplier', default=1.0,
                 help='Multiplier of the disk weigher: positive prefers '
                      'hosts with more free disk (spread).'),
    cfg.FloatOpt('io_ops_weight_multiplier', default=-1.0,
                 help='Multiplier of the I/O ops weigher: negative prefers '
                      'hosts with fewer busy instances.'),
    cfg.FloatOpt('soft_affinity_weight_multiplier', default=1.0, min=0.0,
                 help='Multiplier of ServerGroupSoftAffinityWeigher: how '
                      'strongly servers of a soft-affinity group are kept '
                      'on the hosts already holding the group.'),
    cfg.FloatOpt('soft_anti_affinity_weight_multiplier', default=1.0,
                 min=0.0,
                 help='Multiplier of ServerGroupSoftAntiAffinityWeigher: '
                      'how strongly servers of a soft-anti-affinity group '
                      'avoid hosts already holding the group.'),
    cfg.StrOpt('aggregate_image_properties_isolation_namespace',
               help='AggregateImagePropertiesIsolation: only aggregate '
                    'metadata keys starting with this namespace (and '
                    'aggregate_image_properties_isolation_separator) are '
                    'matched against image properties; unset: every key.'),
    cfg.StrOpt('aggregate_image_properties_isolation_separator',
               default='.',
               help='AggregateImagePropertiesIsolation: the separator '
                    'between aggregate_image_properties_isolation_namespace '
                    'and the rest of a metadata key.'),
]

metrics_group = cfg.OptGroup('metrics', title='Metrics weigher options')

metrics_opts = [
    cfg.ListOpt('weight_setting', default=[],
                help='Metrics to weigh hosts by, as name=ratio pairs, for '
                     'example cpu.frequency=1.0, cpu.user.percent=-1.0. '
                     'Used by MetricsWeigher and MetricsFilter.'),
    cfg.FloatOpt('weight_multiplier', default=1.0,
                 help='Multiplier of the metrics weigher.'),
    cfg.BoolOpt('required', default=True,
                help='Whether every host is expected to report every '
                     'metric of weight_setting: when True a host lacking '
                     'one is logged as a warning (enable MetricsFilter to '
                     'remove such hosts). Either way that host weighs '
                     'weight_of_unavailable.'),
    cfg.FloatOpt('weight_of_unavailable', default=-10000.0,
                 help='Weight of a host lacking a metric of '
                      'weight_setting.'),
]


def register_opts(conf):
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)
    conf.register_group(filter_group)
    conf.register_opts(filter_opts, group=filter_group)
    conf.register_group(metrics_group)
    conf.register_opts(metrics_opts, group=metrics_group)


def list_opts():
    return {scheduler_group: scheduler_opts, filter_group: filter_opts,
            metrics_group: metrics_opts}
