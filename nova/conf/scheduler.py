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
                         'RamFilter', 'CoreFilter', 'DiskFilter'],
                help='Filters a host must pass, in order.'),
    cfg.ListOpt('weight_classes', default=['RAMWeigher'],
                help='Weighers that rank the hosts that passed.'),
    cfg.FloatOpt('ram_weight_multiplier', default=1.0,
                 help='Multiplier of the RAM weigher: positive spreads '
                      'servers over hosts, negative stacks them.'),
    cfg.IntOpt('host_subset_size', default=1, min=1,
               help='Pick randomly among the N best hosts, which lowers '
                    'collisions between concurrent schedulers.'),
]


def register_opts(conf):
    conf.register_group(scheduler_group)
    conf.register_opts(scheduler_opts, group=scheduler_group)
    conf.register_group(filter_group)
    conf.register_opts(filter_opts, group=filter_group)


def list_opts():
    return {scheduler_group: scheduler_opts, filter_group: filter_opts}
