"""nova-api-network: the Neutron v2.0 API of the built-in networking."""

import nova.conf
from nova.cmd import common
from nova.cmd import services
from nova import wsgi_server

CONF = nova.conf.CONF


def server():
    from nova.api.network import deploy
    opts = CONF.network_api
    return wsgi_server.Server(
        'network', deploy.loadapp(CONF), opts.bind_host, opts.bind_port,
        threads=CONF.api_worker_threads)


def main():
    common.init(prog='nova-api-network')
    common.init_rpc()
    services.run([server()], workers=CONF.network_api.api_workers)
