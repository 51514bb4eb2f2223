"""The Compute API as a WSGI application for uwsgi or mod_wsgi.

Config files come from OS_NOVA_CONFIG_FILES (separated by ;), else the
usual /etc/nova/nova.conf search.
"""

import os

from nova.cmd import common


def init_application():
    files = os.environ.get('OS_NOVA_CONFIG_FILES')
    argv = []
    for path in (files.split(';') if files else []):
        argv += ['--config-file', path]
    common.init(argv, prog='nova-api-wsgi', daemon=False)
    common.init_rpc()
    import nova.conf
    from nova.api.openstack import deploy
    return deploy.loadapp(nova.conf.CONF)
