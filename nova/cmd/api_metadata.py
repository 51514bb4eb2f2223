"""nova-api-metadata: the metadata service guests query."""

import nova.conf
from nova.cmd import common
from nova.cmd import services
from nova import wsgi_server

CONF = nova.conf.CONF


def server():
    from nova.api.metadata import handler
    return wsgi_server.Server(
        'metadata', handler.loadapp(CONF), CONF.metadata_listen,
        CONF.metadata_listen_port, threads=CONF.api_worker_threads,
        # Guests are known by their fixed IP, not by noauth2 tokens.
        token_auth=False)


def main():
    common.init(prog='nova-api-metadata')
    services.run([server()], workers=CONF.metadata_workers)
