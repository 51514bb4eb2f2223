"""The Block Storage v3 API as a WSGI application for uwsgi or mod_wsgi.

Config files come from OS_NOVA_CONFIG_FILES (separated by ;), else the
usual /etc/nova/nova.conf search.
"""

from nova.wsgi import ec2_metadata


def init_application():
    conf = ec2_metadata._init('nova-api-volume-wsgi')
    from nova.cmd import common
    common.init_rpc()
    from nova.api.volume import deploy
    return deploy.loadapp(conf)
