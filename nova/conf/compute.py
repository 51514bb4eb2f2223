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
]


def register_opts(conf):
    conf.register_opts(compute_opts)


def list_opts():
    return {'DEFAULT': compute_opts}
