"""Keeps eventlet out of every nova process: native threads only.

Nothing here runs on eventlet, yet importing oslo.messaging loads it
(with dnspython, pyOpenSSL and cryptography: ~400 modules, ~19 MiB of
every daemon's memory): oslo.messaging's server subclasses oslo.service's
ServiceBase, and looking that up loads oslo.service's default backend,
eventlet's; futurist and oslo.concurrency load it whenever it is
installed. Refusing the import sends those libraries down their native
threads path, and oslo.service is given a backend that only answers the
one name oslo.messaging uses.
"""

import importlib.abc
import sys


class _RefuseEventlet(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == 'eventlet' or name.startswith('eventlet.'):
            raise ModuleNotFoundError(
                'nova runs on native threads only: eventlet is not loaded',
                name=name)
        return None


class _OnlyServiceBase(dict):
    """oslo.service's backend components: ServiceBase is real; the
    launchers and timers (eventlet's) are never used here."""

    def __contains__(self, name):
        return True

    def __missing__(self, name):
        return None


def install():
    if 'eventlet' in sys.modules:
        return   # a host process chose eventlet: leave it be
    if not any(isinstance(f, _RefuseEventlet) for f in sys.meta_path):
        sys.meta_path.insert(0, _RefuseEventlet())
    _backend_without_eventlet()


def _backend_without_eventlet():
    try:
        from oslo_service import backend
        from oslo_service.backend import base
    except ImportError:
        return
    if backend.get_backend_type() is not None or not hasattr(
            backend, '_cached_components'):
        return
    backend._cached_components = _OnlyServiceBase(
        ServiceBase=base.ServiceBase)
    backend._cached_backend_type = backend.BackendType.THREADING
