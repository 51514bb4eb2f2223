"""Builds the services each console script runs, and runs them."""

import concurrent.futures
import gc
import itertools
import os
import signal
import threading

from oslo_log import log as logging

import nova.conf
from nova import malloc_tuning
from nova import metrics
from nova import service

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def conductor_service():
    from nova.conductor import manager
    from nova.conductor import rpcapi
    return service.Service(CONF.host, 'nova-conductor', rpcapi.TOPIC,
                           manager.ConductorManager(CONF.host))


def scheduler_service():
    from nova.scheduler import manager
    from nova.scheduler import rpcapi
    return service.Service(CONF.host, 'nova-scheduler', rpcapi.TOPIC,
                           manager.SchedulerManager(CONF.host))


def volume_service():
    from nova.volume import manager
    from nova.volume import rpcapi
    return service.Service(CONF.host, 'nova-volume', rpcapi.TOPIC,
                           manager.VolumeManager(CONF.host))


def volume_services():
    """nova-volume inside nova-all, unless volumes live in Cinder."""
    return [volume_service()] if CONF.volume.backend == 'builtin' else []


def compute_host_names():
    count = CONF.fake_driver.simulated_hosts
    if count == 1 or not CONF.compute_driver.startswith('fake.'):
        return [CONF.host]
    return ['%s-%d' % (CONF.host, i) for i in range(1, count + 1)]


def compute_services():
    """One compute service per (simulated) host of this process; many
    run as one group that reports for all of them at once."""
    from nova.compute import host_group
    from nova.compute import manager
    from nova.compute import rpcapi
    units = [service.Service(host, 'nova-compute', rpcapi.TOPIC,
                             manager.ComputeManager(host))
             for host in compute_host_names()]
    return [host_group.HostGroup(units)] if len(units) > 1 else units


def api_servers():
    """The HTTP servers of nova-api: Compute API and the image service."""
    from nova.api.openstack import deploy
    from nova import wsgi_server
    threads = CONF.api_worker_threads
    servers = [wsgi_server.Server(
        'osapi_compute', deploy.loadapp(CONF), CONF.osapi_compute_listen,
        CONF.osapi_compute_listen_port, threads=threads)]
    if CONF.glance.backend == 'local':
        from nova.api.image import deploy as image_deploy
        servers.append(wsgi_server.Server(
            'image', image_deploy.loadapp(CONF), CONF.image_api_listen,
            CONF.image_api_listen_port, threads=threads))
    else:
        # Glance keeps the images: the built-in service would serve an
        # empty store beside it, so it stays off (and its port free).
        LOG.info('Built-in image service not started: [glance] backend '
                 '= glance, images at %s',
                 ', '.join(CONF.glance.api_servers))
    return servers


def ec2_metadata_servers():
    """The EC2 API and metadata service servers nova-all also runs."""
    from nova.cmd import api_ec2
    from nova.cmd import api_metadata
    return ([api_ec2.server()] if CONF.ec2.enabled_in_all else []) + \
        ([api_metadata.server()] if CONF.metadata.enabled_in_all else [])


def network_api_servers():
    """The Neutron API server nova-all also runs."""
    from nova.cmd import api_network
    if CONF.network.backend != 'builtin':
        # Neutron serves the networks: the built-in API would show an
        # empty network service beside it, so it stays off.
        LOG.info('Built-in Neutron API not started: [network] backend = '
                 '%s', CONF.network.backend)
        return []
    return [api_network.server()] if CONF.network_api.enabled_in_all \
        else []


def volume_api_servers():
    """The Block Storage API server nova-all also runs."""
    from nova.cmd import api_volume
    if CONF.volume.backend != 'builtin':
        # Cinder serves the volumes: the built-in API would show an
        # empty volume service beside it, so it stays off.
        LOG.info('Built-in Block Storage API not started: [volume] '
                 'backend = %s', CONF.volume.backend)
        return []
    return [api_volume.server()] if CONF.volume_api.enabled_in_all \
        else []


def console_proxies():
    """The console proxies nova-all also runs: noVNC when VNC consoles
    are enabled, serial when serial consoles are."""
    from nova.console import websocketproxy
    proxies = []
    if CONF.vnc.enabled:
        proxies.append(websocketproxy.novnc_proxy())
    if CONF.serial_console.enabled:
        proxies.append(websocketproxy.serial_proxy())
    return proxies


def run(units, workers=None):
    """Start units (objects with start/stop) and stop them on a signal.

    workers above 1 (units: HTTP servers only): serve them from that many
    forked worker processes instead (nova.workers), this one supervising.
    """
    stop = threading.Event()

    def on_signal(signum, frame):
        LOG.info('Caught signal %s, stopping', signum)
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if workers and workers > 1:
        _supervise(units, workers, stop)
        return
    metrics.serve_alone(CONF)
    started = []
    try:
        for _, group in itertools.groupby(units, key=_binary):
            _start_group(list(group), started)
        _freeze()
        while not stop.wait(1):
            pass
    finally:
        _stop_all(started)


def _stop_all(started):
    """Stop started units in reverse: services after those that use them.

    Units of one binary (the simulated compute hosts of a process) stop
    together, each waiting a few seconds for its RPC server, and so do the
    HTTP servers and console proxies, each waiting up to half a second for
    its accept loop (one after another they made nova-all's stop take
    seconds).
    """
    for _, group in itertools.groupby(reversed(started), key=_stop_group):
        group = list(group)
        with concurrent.futures.ThreadPoolExecutor(len(group)) as pool:
            list(pool.map(_stop_unit, group))


def _freeze():
    # What the process built to start (modules, apps, schemas, pools)
    # lives as long as it does: moved out of the garbage collector's
    # sight, it is no longer walked by every full collection that a
    # request building many objects (a page of 1,000 servers) sets off,
    # and forked workers do not copy the pages a collection would touch.
    gc.collect()
    gc.freeze()
    malloc_tuning.trim()


def _supervise(servers, count, stop):
    """The parent of count workers, each serving servers: it holds their
    ports, opens no connection of its own, restarts a worker that dies
    and stops them all when stop is set."""
    from nova import workers
    for server in servers:
        server.share_port()
    _freeze()
    parent = os.getpid()
    supervisor = workers.Supervisor(
        count, lambda index: _serve_worker(servers, parent), name='worker')
    supervisor.start()
    try:
        while not stop.wait(0.5):
            supervisor.check()
    finally:
        supervisor.stop()
        for server in servers:
            server.close_reservation()


def _serve_worker(servers, parent):
    """A worker's life: its own connections, its servers, until SIGTERM
    or its parent's death."""
    from nova import after_fork
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    after_fork.reset()
    started = []
    try:
        for server in servers:
            server.close_reservation()
            server.start()
            started.append(server)
        while not stop.wait(1):
            if os.getppid() != parent:
                LOG.warning('Parent %d is gone: worker %d stopping', parent,
                            os.getpid())
                break
    finally:
        for server in reversed(started):
            _stop_unit(server)
    return 0


# How many units of one binary start at once: the simulated hosts of a
# scale test (1,000 in one process) register, connect to the bus and
# start their timers mostly waiting on the database and RabbitMQ.
_START_CONCURRENCY = 16


def _start_group(group, started):
    """Start the units of one binary together; started gets those that
    did, in order, even when one fails (they are stopped on the way out).
    """
    if len(group) == 1:
        group[0].start()
        started.append(group[0])
        return
    with concurrent.futures.ThreadPoolExecutor(
            min(len(group), _START_CONCURRENCY)) as pool:
        futures = [pool.submit(unit.start) for unit in group]
    error = None
    for unit, future in zip(group, futures):
        if future.exception() is None:
            started.append(unit)
        elif error is None:
            error = future.exception()
    if error is not None:
        raise error


def _binary(unit):
    return getattr(unit, 'binary', None) or id(unit)


def _stop_group(unit):
    """A service's binary; one key for the units that have none (the
    front doors: HTTP servers, console proxies), which use the services
    but not each other."""
    return getattr(unit, 'binary', None) or 'front door'


def _stop_unit(unit):
    try:
        unit.stop()
    except Exception:
        LOG.exception('Error stopping %s', unit)
