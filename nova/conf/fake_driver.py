"""Options of the fake (simulated) virt driver."""

from oslo_config import cfg

fake_group = cfg.OptGroup('fake_driver', title='Fake virt driver options')

fake_opts = [
    cfg.IntOpt('simulated_hosts', default=1, min=1,
               help='Number of compute hosts one nova-compute (or nova-all) '
                    'process simulates with the fake driver. Each is its '
                    'own service with its own host name: <host> when 1, '
                    'else <host>-1 ... <host>-N. For scale tests.'),
    cfg.IntOpt('vcpus', default=16, min=1,
               help='vCPUs each simulated host reports.'),
    cfg.IntOpt('memory_mb', default=32768, min=1,
               help='Memory (MiB) each simulated host reports.'),
    cfg.IntOpt('local_gb', default=1024, min=1,
               help='Local disk (GiB) each simulated host reports.'),
    cfg.FloatOpt('spawn_seconds', default=0.0, min=0.0,
                 help='Seconds a simulated spawn takes, to model slow '
                      'hypervisors in tests.'),
    cfg.ListOpt('spawn_seconds_only_for', default=[],
                help='Name prefixes of the servers whose simulated spawn '
                     'takes spawn_seconds (empty: every server\'s), so a '
                     'test can keep a few hosts busy for long without '
                     'slowing every other boot.'),
    cfg.BoolOpt('fetch_image_on_spawn', default=False,
                help='Whether a simulated spawn reads its image\'s bytes '
                     'through the image API (with the caller\'s token) '
                     'once spawn_seconds have passed, as a host without '
                     'the image cached downloads it; a failed read fails '
                     'the spawn. Tests use it to see the image service '
                     'called at the end of a long build.'),
    cfg.ListOpt('fail_spawn_for_names', default=[],
                help='Server names whose spawn fails, to exercise the '
                     'failure path (rescheduling, faults) in tests.'),
    cfg.ListOpt('fail_guest_actions_for', default=[],
                help='Server names whose guest actions (rescue, unrescue, '
                     'rebuild, snapshot, password change) fail, to exercise '
                     'their failure paths in tests.'),
    cfg.FloatOpt('migrate_seconds', default=0.0, min=0.0,
                 help='Seconds the migration step of a simulated resize, '
                      'cold or live migration takes, so tests can stop a '
                      'compute service in the middle of one.'),
    cfg.ListOpt('fail_migrate_for_names', default=[],
                help='Server names whose migration step (resize, cold or '
                     'live migration) fails on the source host, to '
                     'exercise the failure path of moves in tests.'),
    cfg.ListOpt('slow_live_migration_for_names', default=[],
                help='Server names whose simulated live migration stays '
                     '"running" (reporting progress) for '
                     'slow_live_migration_seconds, so tests can watch, '
                     'force-complete or abort it through the API.'),
    cfg.FloatOpt('slow_live_migration_seconds', default=60.0, min=0.0,
                 help='Seconds a live migration of a server named in '
                      'slow_live_migration_for_names runs before it '
                      'completes by itself. Related options: '
                      'slow_live_migration_for_names.'),
    cfg.ListOpt('slow_snapshot_for_names', default=[],
                help='Server names whose simulated snapshot waits '
                     'slow_snapshot_seconds before its upload, so tests '
                     'can act on a server while its snapshot runs.'),
    cfg.FloatOpt('slow_snapshot_seconds', default=10.0, min=0.0,
                 help='Seconds the snapshot of a server named in '
                      'slow_snapshot_for_names waits (task state '
                      'image_pending_upload) before uploading. Related '
                      'options: slow_snapshot_for_names.'),
    cfg.IntOpt('numa_nodes', default=1, min=1,
               help='NUMA cells of each simulated host; vCPUs and memory '
                    'are split evenly between them (NUMATopologyFilter '
                    'places flavors with hw:numa_nodes on them).'),
]


def register_opts(conf):
    conf.register_group(fake_group)
    conf.register_opts(fake_opts, group=fake_group)


def list_opts():
    return {fake_group: fake_opts}
