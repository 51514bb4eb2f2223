"""Options of rolling upgrades: the RPC version each client may send."""

from oslo_config import cfg

upgrade_group = cfg.OptGroup(
    'upgrade_levels', title='RPC version pins for rolling upgrades',
    help='Cap the RPC version this process sends to each service, so that '
         'newer services keep talking to older ones while a deployment is '
         'upgraded one host at a time. Set every pin back to empty (or '
         'leave it at "auto") once all services run the new code.')


def _pin(topic, binary):
    return cfg.StrOpt(
        topic, default=None,
        help='The newest RPC version this process sends to %(binary)s. '
             'Possible values: empty (no cap: send the newest version this '
             'code knows), "auto" (the version the oldest %(binary)s '
             'registered in the database understands, from the service '
             'version each one records when it starts; read once per '
             'process), or a version such as "1.11". Related options: the '
             'other [upgrade_levels] pins; "nova-manage service list" and '
             '"openstack compute service list" name the services.'
             % {'binary': binary})


upgrade_opts = [
    _pin('compute', 'nova-compute'),
    _pin('conductor', 'nova-conductor'),
    _pin('scheduler', 'nova-scheduler'),
    _pin('volume', 'nova-volume'),
]


def register_opts(conf):
    conf.register_group(upgrade_group)
    conf.register_opts(upgrade_opts, group=upgrade_group)


def list_opts():
    return {upgrade_group: upgrade_opts}
