"""The libvirt host: one connection, its capabilities and lifecycle events.

libvirt-python is imported here, lazily, so nova loads without it until a
compute service really uses this driver. libvirt dispatches events only
to connections opened after an event loop implementation is registered,
so the loop (a native daemon thread) starts before the first connection.
"""

import threading
from xml.etree import ElementTree

from oslo_log import log as logging

from nova import exception
from nova.virt.libvirt import errors

LOG = logging.getLogger(__name__)

_event_loop_lock = threading.Lock()
_event_loop_started = False
_quiet = False


def libvirt_module():
    """The libvirt-python module; a clear error when it is missing."""
    try:
        import libvirt
    except ImportError:
        raise errors.LibvirtUnavailable(
            reason='libvirt-python is not installed (run '
                   'tools/libvirt/setup-host.sh)')
    # libvirt prints every error to stderr by default; the driver turns
    # the ones that matter into exceptions and log lines itself.
    global _quiet
    if not _quiet:
        libvirt.registerErrorHandler(_ignore_error, None)
        _quiet = True
    return libvirt


def _ignore_error(context, error):
    pass


def _start_event_loop(libvirt):
    global _event_loop_started
    with _event_loop_lock:
        if _event_loop_started:
            return
        libvirt.virEventRegisterDefaultImpl()

        def run():
            while True:
                libvirt.virEventRunDefaultImpl()

        threading.Thread(target=run, name='libvirt-event-loop',
                         daemon=True).start()
        _event_loop_started = True


class Host:
    """A connection to libvirt at uri, opened on first use."""

    def __init__(self, uri, host_name=None):
        self.uri = uri
        self.host_name = host_name
        self._conn = None
        self._lock = threading.Lock()
        self._lifecycle_listener = None

    @property
    def libvirt(self):
        return libvirt_module()

    def set_lifecycle_listener(self, listener):
        """listener(domain_name, event, detail): called on the event
        thread for each libvirt lifecycle event of this connection."""
        self._lifecycle_listener = listener

    def get_connection(self):
        with self._lock:
            if self._conn is not None:
                try:
                    if self._conn.isAlive():
                        return self._conn
                except self.libvirt.libvirtError:
                    pass
                LOG.warning('Connection to libvirt at %s lost; reconnecting',
                            self.uri)
                self._conn = None
            self._conn = self._connect()
            return self._conn

    def _connect(self):
        libvirt = self.libvirt
        _start_event_loop(libvirt)
        try:
            conn = libvirt.open(self.uri)
        except libvirt.libvirtError as error:
            LOG.error('Cannot connect to libvirt at %s: %s', self.uri, error)
            raise exception.HypervisorUnavailable(host=self.host_name)
        try:
            conn.domainEventRegisterAny(
                None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                self._on_lifecycle, None)
        except libvirt.libvirtError:
            LOG.warning('libvirt at %s sends no lifecycle events; power '
                        'states follow the periodic sync only', self.uri)
        return conn

    def _on_lifecycle(self, conn, domain, event, detail, opaque):
        listener = self._lifecycle_listener
        if listener is None:
            return
        try:
            listener(domain.name(), event, detail)
        except Exception:
            LOG.exception('Lifecycle event handler failed')

    def close(self):
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except self.libvirt.libvirtError:
                    pass
                self._conn = None

    # Domains ------------------------------------------------------------

    def lookup(self, name):
        """The domain named name, or None."""
        libvirt = self.libvirt
        try:
            return self.get_connection().lookupByName(name)
        except libvirt.libvirtError as error:
            if error.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                return None
            raise

    def list_domains(self):
        return self.get_connection().listAllDomains(0)

    # Capabilities -------------------------------------------------------

    def capabilities(self):
        return ElementTree.fromstring(self.get_connection().getCapabilities())

    def cpu_description(self):
        """{'arch', 'model', 'vendor', 'topology', 'features'} of the host
        CPU, as libvirt's capabilities tell it."""
        cpu = self.capabilities().find('./host/cpu')
        if cpu is None:
            return {'arch': 'x86_64', 'features': []}
        topology = cpu.find('topology')
        return {
            'arch': cpu.findtext('arch') or 'x86_64',
            'model': cpu.findtext('model'),
            'vendor': cpu.findtext('vendor'),
            'topology': {key: int(topology.get(key, 1)) for key in
                         ('sockets', 'cores', 'threads')}
            if topology is not None else {},
            'features': sorted(f.get('name') for f in cpu.findall('feature')),
        }

    def numa_node_count(self):
        cells = self.capabilities().findall('./host/topology/cells/cell')
        return max(1, len(cells))

    def node_info(self):
        """(arch, memory MiB, cpus, mhz, nodes, sockets, cores, threads)."""
        return self.get_connection().getInfo()

    def free_memory_mb(self):
        try:
            return self.get_connection().getFreeMemory() // (1024 * 1024)
        except self.libvirt.libvirtError:
            # Some drivers (test:///) do not tell: count the domains'.
            total = self.node_info()[1]
            used = sum(d.info()[2] // 1024 for d in self.list_domains()
                       if d.isActive())
            return max(0, total - used)

    def version(self):
        return self.get_connection().getVersion()
