"""The database guard of a daemon without a database, set without loading
the database layer.

nova-compute reaches data only through the conductor, so it does not load
nova.db (and SQLAlchemy with it, ~30 MiB). Should anything load it all
the same, the guard (nova.db.api.disable) is set the moment nova.db.api
has loaded, before any caller can open a transaction: a database use
fails loudly, naming its caller, instead of connecting.
"""

import importlib.abc
import importlib.util
import sys

_DB_API = 'nova.db.api'


def forbid(binary):
    if _DB_API in sys.modules:
        sys.modules[_DB_API].disable(binary)
        return
    if not any(isinstance(f, _DisableOnLoad) for f in sys.meta_path):
        sys.meta_path.insert(0, _DisableOnLoad(binary))


class _DisableOnLoad(importlib.abc.MetaPathFinder):
    """Finds nova.db.api with the other finders and has its loader call
    disable(binary) once the module has run."""

    def __init__(self, binary):
        self.binary = binary

    def find_spec(self, name, path=None, target=None):
        if name != _DB_API:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        spec.loader = _ThenDisable(spec.loader, self.binary)
        return spec


class _ThenDisable(importlib.abc.Loader):

    def __init__(self, loader, binary):
        self._loader = loader
        self._binary = binary

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        module.disable(self._binary)
