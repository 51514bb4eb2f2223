"""The EC2 API and the metadata service as WSGI applications for uwsgi
or mod_wsgi.

Config files come from OS_NOVA_CONFIG_FILES (separated by ;), else the
usual /etc/nova/nova.conf search.
"""

import os

from nova.cmd import common


def _init(prog):
    files = os.environ.get('OS_NOVA_CONFIG_FILES')
    argv = []
    for path in (files.split(';') if files else []):
        argv += ['--config-file', path]
    common.init(argv, prog=prog, daemon=False)
    import nova.conf
    return nova.conf.CONF


def init_ec2_application():
    conf = _init('nova-api-ec2-wsgi')
    common.init_rpc()
    from nova.api.ec2 import deploy
    return deploy.loadapp(conf)


def init_metadata_application():
    conf = _init('nova-api-metadata-wsgi')
    from nova.api.metadata import handler
    return handler.loadapp(conf)
