"""nova-api-ec2: the EC2 query API."""

import nova.conf
from nova.cmd import common
from nova.cmd import services
from nova import wsgi_server

CONF = nova.conf.CONF


def server():
    from nova.api.ec2 import deploy
    return wsgi_server.Server(
        'ec2', deploy.loadapp(CONF), CONF.ec2_listen, CONF.ec2_listen_port,
        threads=CONF.api_worker_threads)


def main():
    common.init(prog='nova-api-ec2')
    common.init_rpc(api=True)
    services.run([server()], workers=CONF.ec2_workers)
