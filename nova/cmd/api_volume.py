"""nova-api-volume: the Block Storage v3 API of the built-in volume
service."""

import nova.conf
from nova.cmd import common
from nova.cmd import services
from nova import wsgi_server

CONF = nova.conf.CONF


def server():
    from nova.api.volume import deploy
    opts = CONF.volume_api
    return wsgi_server.Server(
        'volume', deploy.loadapp(CONF), opts.bind_host, opts.bind_port,
        threads=CONF.api_worker_threads)


def main():
    common.init(prog='nova-api-volume')
    common.init_rpc()
    services.run([server()], workers=CONF.volume_api.api_workers)
