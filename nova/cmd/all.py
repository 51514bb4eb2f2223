"""nova-all: the whole cloud in one process, on the embedded defaults.

SQLite under state_path, the in-process message transport, the fake (or
libvirt) driver and the built-in image store, unless the config says
otherwise. The database is created and migrated on start, and default
flavors and a small image are added on first start.
"""

import os
import sys

from oslo_log import log as logging

import nova.conf
from nova import bind_address
from nova.cmd import common
from nova.cmd import services
from nova import context as nova_context
from nova.db import migration
from nova.image import api as image_api
from nova import private_files

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def _seed_defaults():
    from nova.compute import flavors
    context = nova_context.get_admin_context()
    flavors.create_default_flavors(context)
    if CONF.glance.create_default_image and CONF.glance.backend == 'local':
        from nova.image import default_image
        default_image.ensure_default_image(context)
    from nova.network import defaults as network_defaults
    network_defaults.ensure_defaults(context)


def _banner():
    port = CONF.osapi_compute_listen_port
    host = CONF.osapi_compute_listen or bind_address.default_host()
    if host in ('0.0.0.0', '::'):
        host = '127.0.0.1'
    endpoint = 'http://%s:%s/v2.1' % (host, port)
    # The openstack CLI installed beside us, when there is one.
    client = os.path.join(os.path.dirname(sys.executable), 'openstack')
    if not os.path.exists(client):
        client = 'openstack'
    return ('nova-all is ready.\n'
            '  Compute API: %(endpoint)s\n'
            '  Try: %(client)s --os-auth-type none --os-endpoint %(endpoint)s '
            '--os-identity-api-version 3 server list\n'
            % {'endpoint': endpoint, 'client': client})


class _Banner:
    """Printed last, once every service is up."""

    def start(self):
        print(_banner(), flush=True)

    def stop(self):
        pass


def main():
    common.init(prog='nova-all')
    try:
        image_api.check_backend()
    except image_api.ImageEndpointMissing as error:
        sys.exit(str(error))
    private_files.secure_state(CONF)
    migration.db_sync()
    common.init_rpc(allow_in_process=True)
    _seed_defaults()
    units = [services.conductor_service(), services.scheduler_service()]
    units.extend(services.volume_services())
    units.extend(services.compute_services())
    units.extend(services.api_servers())
    units.extend(services.ec2_metadata_servers())
    units.extend(services.network_api_servers())
    units.extend(services.volume_api_servers())
    units.extend(services.console_proxies())
    units.append(_Banner())
    if (CONF.osapi_compute_workers or 1) > 1:
        # Its daemons and in-process bus live in this one process.
        LOG.info('nova-all serves in one process: osapi_compute_workers '
                 'applies to nova-api only')
    services.run(units)
