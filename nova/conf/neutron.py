"""Options of the Neutron backend ([network] backend = neutron): how Nova
reaches a Neutron v2.0 endpoint through a keystoneauth session."""

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

neutron_group = cfg.OptGroup(
    'neutron', title='Neutron backend options',
    help='The Neutron v2.0 endpoint Nova uses when [network] backend is '
         'neutron. Authentication (auth_type, auth_url, username, '
         'password, project_name, user_domain_name, project_domain_name '
         '...), the session (timeout, cafile, insecure ...) and the '
         'endpoint (region_name, valid_interfaces, endpoint_override) are '
         'the keystoneauth1 options every OpenStack service takes. '
         'Without a Keystone (auth_type = none, or admin_token with a '
         'token), endpoint_override must name the endpoint.')

DEFAULT_SERVICE_TYPE = 'network'

neutron_opts = [
    cfg.StrOpt('default_floating_pool', default='public',
               help='Name (or id) of the external network floating IPs are '
                    'allocated from when a request names no pool.'),
    cfg.IntOpt('http_retries', default=3, min=0,
               help='How many times a Neutron request that failed to '
                    'connect is retried (keystoneauth connect_retries).'),
]

# Upstream's names, in [DEFAULT].
vif_plugging_opts = [
    cfg.IntOpt('vif_plugging_timeout', default=300, min=0,
               help='Seconds nova-compute waits, after binding a new '
                    'server\'s ports and spawning it, for the '
                    'network-vif-plugged events the network service sends '
                    '(POST /os-server-external-events) when it has wired '
                    'the ports. 0: do not wait (a Neutron that sends no '
                    'events, such as the built-in Neutron API of another '
                    'cloud). Only the Neutron backend waits. Related: '
                    'vif_plugging_is_fatal.'),
    cfg.BoolOpt('vif_plugging_is_fatal', default=True,
                help='Whether a server whose network-vif-plugged events '
                     'did not come within vif_plugging_timeout fails to '
                     'build (and is rescheduled); when false it goes on '
                     'with a warning.'),
]


def register_opts(conf):
    conf.register_opts(vif_plugging_opts)
    conf.register_group(neutron_group)
    conf.register_opts(neutron_opts, group=neutron_group)
    ks_loading.register_session_conf_options(conf, neutron_group.name)
    ks_loading.register_auth_conf_options(conf, neutron_group.name)
    conf.register_opts(_adapter_opts(), group=neutron_group)


def _adapter_opts():
    """keystoneauth's adapter options with this service's defaults in
    the options themselves (set_default would not survive a reset)."""
    opts = ks_loading.get_adapter_conf_options(include_deprecated=False)
    for opt in opts:
        if opt.dest == 'service_type':
            opt.default = DEFAULT_SERVICE_TYPE
        elif opt.dest == 'valid_interfaces':
            opt.default = ['internal', 'public']
    return opts


def list_opts():
    # The sample documents the options of the password plugin, the one a
    # deployment with Keystone uses (as upstream's sample does).
    opts = (neutron_opts + ks_loading.get_session_conf_options() +
            ks_loading.get_auth_common_conf_options() +
            ks_loading.get_auth_plugin_conf_options('password') +
            _adapter_opts())
    seen = {}
    for opt in opts:
        seen.setdefault(opt.dest, opt)
    return {neutron_group: list(seen.values()),
            'DEFAULT': vif_plugging_opts}
