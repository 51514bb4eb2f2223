"""Options of block storage: the built-in volume service and Cinder."""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

from nova.conf import grouped
from nova.conf import paths

volume_group = cfg.OptGroup('volume', title='Block storage',
                            help='The volume API the cloud uses and the '
                                 'built-in volume service (nova-volume).')
cinder_group = cfg.OptGroup('cinder', title='Cinder client',
                            help='How to reach Cinder when '
                                 '[volume] backend = cinder. Beside the '
                                 'options below: the keystoneauth1 '
                                 'session options (cafile, insecure, ...) '
                                 'and auth options (auth_type, auth_url, '
                                 '...). Calls made for a user carry the '
                                 'user\'s token, plus a service token '
                                 'when [service_user] '
                                 'send_service_user_token is set.')

VOLUME_OPTS = [
    cfg.StrOpt('backend', default='builtin', choices=['builtin', 'cinder'],
               help='Where volumes live. "builtin": the nova-volume service '
                    'of this cloud (file-backed volumes under '
                    'volumes_path). "cinder": a Cinder v3 endpoint, see '
                    'the [cinder] options.'),
    cfg.StrOpt('volumes_path', default=paths.state_path_def('volumes'),
               help='Directory of the built-in service\'s volume files '
                    '(one file per volume and snapshot).'),
    cfg.StrOpt('volume_format', default='raw', choices=['raw', 'qcow2'],
               help='File format of new volumes: sparse raw files, or '
                    'qcow2 (needs qemu-img on the volume host; raw is '
                    'used when it is missing).'),
    cfg.StrOpt('storage_availability_zone', default='nova',
               help='Availability zone of this volume host; volumes '
                    'created in it are placed here.'),
    cfg.IntOpt('max_volume_size_gb', default=1024, min=1,
               help='Largest volume one request may create, in GiB.'),
    cfg.IntOpt('rpc_timeout', default=60, min=1,
               help='Seconds a call to nova-volume (connection setup, '
                    'attachment bookkeeping) may take.'),
    cfg.IntOpt('attachment_sync_interval', default=60, min=0,
               help='Seconds between reconciliations of the volumes\' '
                    'attachments with the servers\' block device '
                    'mappings (nova-volume periodic task); 0 disables it.'),
    cfg.IntOpt('quota_volumes', default=10,
               help='Volumes a project may have (-1: no limit). Per type: '
                    'set volumes_<type> with the quota tables.'),
    cfg.IntOpt('quota_gigabytes', default=1000,
               help='GiB of volumes and snapshots a project may have '
                    '(-1: no limit).'),
    cfg.IntOpt('quota_snapshots', default=10,
               help='Snapshots a project may have (-1: no limit).'),
    cfg.IntOpt('reservation_expire', default=86400, min=1,
               help='Seconds after which an uncommitted quota reservation '
                    '(a create that died half-way) no longer counts.'),
    cfg.ListOpt('fail_create_for_names', default=[],
                help='Testing only: the built-in backend fails to create '
                     'volumes with these names (the creation flow\'s '
                     'reverts run; the volume ends in error).'),
]

CINDER_OPTS = [
    cfg.StrOpt('endpoint',
               help='Cinder v3 endpoint including the project, e.g. '
                    'http://cinder:8776/v3/<project_id>. %(project_id)s '
                    'is replaced with the caller\'s project.'),
    cfg.IntOpt('http_timeout', default=60, min=1,
               help='Seconds one HTTP request to Cinder may take.'),
    cfg.BoolOpt('cross_az_attach', default=True,
                help='Allow attaching a volume to a server in another '
                     'availability zone.'),
]

COMPUTE_OPTS = [
    cfg.IntOpt('max_local_block_devices', default=3,
               help='Most local disks (image, blank, swap or ephemeral '
                    'mappings with destination local) one server may '
                    'have; a negative value means no limit.'),
]

volume_api_group = cfg.OptGroup(
    'volume_api', title='Block Storage v3 API of the built-in volume service',
    help='The Block Storage (Cinder) v3 API served over the built-in '
         'volume service by nova-all and nova-api-volume, with [volume] '
         'backend = builtin.')

VOLUME_API_OPTS = [
    cfg.HostAddressOpt('bind_host', default=None,
                       help='Address the Block Storage API listens on. '
                            'Unset: 127.0.0.1 with [api] auth_strategy = '
                            'noauth2, all addresses (0.0.0.0) with '
                            'keystone.'),
    cfg.PortOpt('bind_port', default=8776,
                help='Port the Block Storage API listens on.'),
    cfg.IntOpt('api_workers', default=None, min=1,
               help='Number of processes nova-api-volume serves the '
                    'Block Storage API with '
                    '(forked workers, as [DEFAULT] '
                    'osapi_compute_workers). Unset: 1. nova-all always '
                    'serves in one process.'),
    cfg.BoolOpt('enabled_in_all', default=True,
                help='Whether nova-all also serves the Block Storage API '
                     '(on bind_port).'),
]

OPTS = {
    volume_group: VOLUME_OPTS,
    cinder_group: CINDER_OPTS,
    volume_api_group: VOLUME_API_OPTS,
    'DEFAULT': COMPUTE_OPTS,
}


def _session_opts():
    # http_timeout is the section's timeout (seconds per request).
    return [opt for opt in ks_loading.get_session_conf_options()
            if opt.dest != 'timeout']


def register_opts(conf):
    grouped.register(conf, OPTS)
    conf.register_opts(_session_opts(), group=cinder_group)
    ks_loading.register_auth_conf_options(conf, cinder_group.name)


def list_opts():
    opts = dict(OPTS)
    extra = (_session_opts() + ks_loading.get_auth_common_conf_options() +
             ks_loading.get_auth_plugin_conf_options('password'))
    seen = {opt.dest: opt for opt in CINDER_OPTS}
    for opt in extra:
        seen.setdefault(opt.dest, opt)
    opts[cinder_group] = list(seen.values())
    return opts
