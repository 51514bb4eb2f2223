"""Default per-project quota limits."""

from oslo_config import cfg

quota_group = cfg.OptGroup('quota', title='Quota options')

quota_opts = [
    cfg.IntOpt('instances', default=10, min=-1,
               help='Servers a project may have; -1 is unlimited.'),
    cfg.IntOpt('cores', default=20, min=-1,
               help='vCPUs a project\'s servers may use; -1 is unlimited.'),
    cfg.IntOpt('ram', default=50 * 1024, min=-1,
               help='Memory (MiB) a project\'s servers may use; -1 is '
                    'unlimited.'),
    cfg.IntOpt('metadata_items', default=128, min=-1,
               help='Metadata items a server may carry.'),
    cfg.IntOpt('injected_files', default=5, min=-1,
               help='Files injected into a server at build.'),
    cfg.IntOpt('injected_file_content_bytes', default=10 * 1024, min=-1,
               help='Bytes of one injected file.'),
    cfg.IntOpt('injected_file_path_length', default=255, min=-1,
               help='Characters of an injected file\'s path.'),
    cfg.IntOpt('key_pairs', default=100, min=-1,
               help='Key pairs a user may have.'),
    cfg.IntOpt('server_groups', default=10, min=-1,
               help='Server groups a project may have.'),
    cfg.IntOpt('server_group_members', default=10, min=-1,
               help='Servers in one server group.'),
    # Quotas of nova-network resources: shown and settable as in upstream's
    # API at 2.1 so clients find them; nothing here consumes them yet.
    cfg.IntOpt('floating_ips', default=10, min=-1,
               help='Floating IPs a project may allocate; -1 is unlimited. '
                    'Shown in quota sets and limits for compatibility.'),
    cfg.IntOpt('fixed_ips', default=-1, min=-1,
               help='Fixed IPs a project may use; -1 is unlimited. Shown '
                    'in quota sets for compatibility.'),
    cfg.IntOpt('security_groups', default=10, min=-1,
               help='Security groups a project may have; -1 is unlimited. '
                    'Shown in quota sets and limits for compatibility.'),
    cfg.IntOpt('security_group_rules', default=20, min=-1,
               help='Rules in one security group; -1 is unlimited. Shown '
                    'in quota sets and limits for compatibility.'),
    cfg.IntOpt('ports', default=500, min=-1,
               help='Ports a project may have in the Neutron API (its '
                    'quota "port", Neutron\'s quota_port), the interfaces '
                    'of its servers included; -1 is unlimited. Not a '
                    'compute quota: os-quota-sets does not show it.'),
    cfg.IntOpt('limits_cache_seconds', default=5, min=0,
               help='For how many seconds nova-api reuses the limits of a '
                    'project and user it read for a server create (per '
                    'process) instead of reading them again on every '
                    'create. A limit set through another process (another '
                    'nova-api worker or host) may be missed by creates for '
                    'that long; one set through this process applies at '
                    'once. Usage is always counted afresh. 0 turns it '
                    'off.'),
]


def register_opts(conf):
    conf.register_group(quota_group)
    conf.register_opts(quota_opts, group=quota_group)


def list_opts():
    return {quota_group: quota_opts}
