"""Options of the compute service and its instances."""

from oslo_config import cfg

compute_opts = [
    cfg.StrOpt('compute_driver', default='fake.FakeDriver',
               help='Virtualization driver of nova-compute, as '
                    '<module>.<class> below nova.virt: fake.FakeDriver '
                    '(simulated hypervisor, the embedded default) or '
                    'libvirt.LibvirtDriver.'),
    cfg.StrOpt('default_availability_zone', default='nova',
               help='Availability zone of compute hosts that no aggregate '
                    'places elsewhere.'),
    cfg.StrOpt('default_schedule_zone',
               help='Zone new servers go to when the request names none; '
                    'unset means any zone.'),
    cfg.IntOpt('max_build_attempts', default=3, min=1,
               help='How many hosts a build is tried on before the server '
                    'goes to ERROR. Related: [scheduler] max_attempts.'),
    cfg.IntOpt('update_resources_interval', default=60, min=1,
               help='Seconds between two reports of a compute host\'s '
                    'capacity and usage to the database.'),
    cfg.IntOpt('reserved_host_memory_mb', default=512, min=0,
               help='Memory (MiB) kept for the host and never given to '
                    'instances.'),
    cfg.IntOpt('reserved_host_disk_mb', default=0, min=0,
               help='Disk (MiB) kept for the host and never given to '
                    'instances.'),
    cfg.IntOpt('reserved_host_cpus', default=0, min=0,
               help='vCPUs kept for the host and never given to instances.'),
    cfg.FloatOpt('cpu_allocation_ratio', default=16.0, min=0.0,
                 help='Virtual CPUs per physical CPU the scheduler may '
                      'place on a host.'),
    cfg.FloatOpt('ram_allocation_ratio', default=1.5, min=0.0,
                 help='Virtual RAM per physical RAM the scheduler may '
                      'place on a host.'),
    cfg.FloatOpt('disk_allocation_ratio', default=1.0, min=0.0,
                 help='Virtual disk per physical disk the scheduler may '
                      'place on a host.'),
    cfg.IntOpt('build_workers', default=8, min=1,
               help='Threads a compute service builds and deletes '
                    'instances with; more builds wait in a queue.'),
    cfg.IntOpt('max_concurrent_live_migrations', default=1, min=0,
               help='Live migrations a compute service runs at once as '
                    'their source; more wait, their migration "queued" '
                    '(API 2.65 may abort them there). 0: no limit of its '
                    'own (build_workers still bounds them).'),
    cfg.IntOpt('sync_power_state_interval', default=600, min=1,
               help='Seconds between two comparisons of the hypervisor\'s '
                    'power state of each guest with the database; a guest '
                    'that stopped, paused or vanished on its own is '
                    'recorded as such (see nova.compute.power_sync).'),
    cfg.StrOpt('running_deleted_instance_action', default='reap',
               choices=[('reap', 'destroy the guest'),
                        ('log', 'only log a warning'),
                        ('noop', 'do nothing')],
               help='What a compute host does with a guest it runs whose '
                    'server is deleted or now belongs to another host '
                    '(after a failed build cleanup or an evacuation). '
                    'Related: running_deleted_instance_poll_interval.'),
    cfg.IntOpt('running_deleted_instance_poll_interval', default=1800,
               min=1,
               help='Seconds between two searches for guests whose server '
                    'is deleted or elsewhere. Related: '
                    'running_deleted_instance_action.'),
    cfg.IntOpt('reclaim_instance_interval', default=0, min=0,
               help='Seconds a deleted server is kept before it is really '
                    'deleted. 0 deletes at once; above 0 a delete only '
                    'soft-deletes (powered off, still counted in quota, '
                    'restorable with the restore action, deleted at once '
                    'with forceDelete) and each compute host reclaims its '
                    'soft-deleted servers older than this, checking as '
                    'often.'),
    cfg.BoolOpt('allow_resize_to_same_host', default=False,
                help='Whether a resize may choose the host the server is '
                     'on (both flavors are then held there until confirm '
                     'or revert). A cold migration always leaves its '
                     'host.'),
    cfg.IntOpt('shelved_offload_time', default=0, min=-1,
               help='Seconds a shelved server keeps its host (guest '
                    'powered off, resources held) before it is offloaded: '
                    'guest destroyed and resources freed. 0 offloads at '
                    'once when shelving; -1 never offloads by itself '
                    '(shelveOffload still does). Related: '
                    'shelved_poll_interval.'),
    cfg.IntOpt('shelved_poll_interval', default=3600, min=1,
               help='Seconds between two searches of a compute host for '
                    'shelved servers older than shelved_offload_time, to '
                    'offload them.'),
    cfg.BoolOpt('instance_usage_audit', default=False,
                help='Whether each compute host audits the usage of its '
                     'servers once per completed audit period, recording '
                     'how many ran and their instance-hours in the task '
                     'log that GET /os-instance_usage_audit_log reports. '
                     'Related: instance_usage_audit_period.'),
    cfg.StrOpt('instance_usage_audit_period', default='month',
               help='The audit period: hour, day, month or year, '
                    'optionally followed by @ and where periods start '
                    '(the minute, hour, day of the month or month: '
                    'month@15 runs from the 15th to the 15th). The usage '
                    'audit log API reads the same periods.'),
]


def register_opts(conf):
    conf.register_opts(compute_opts)


def list_opts():
    return {'DEFAULT': compute_opts}
