"""Modules imported on their first use, not when the importer loads.

The versioned objects each name their database module, yet nova-compute
has no database (every object call goes through the conductor): loading
those modules there brought SQLAlchemy, oslo.db's engine code and the ORM
models, about 30 MiB of the daemon's ~85. A module named through here is
imported the first time one of its attributes is read (under Python's
import lock, so threads racing for it get one module); the daemons that
do use the database import it at start (nova.db.api).
"""

import importlib

# Every stand-in made, for load_all; after it, stand-ins made later (by
# modules the daemon imports afterwards) load at once.
_MODULES = []
_eager = False


class Module:
    """Stands for a module until an attribute of it is read; every read
    goes to the module, so tests patching the module's functions (or the
    names on this stand-in) see their patches."""

    def __init__(self, name):
        self._name = name
        self._module = None

    def _load(self):
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name)
        return module

    def __getattr__(self, attr):
        # Only for names not set on the stand-in itself.
        return getattr(self._load(), attr)

    def __repr__(self):
        return '<lazily imported module %r>' % self._name


class Attribute:
    """A class attribute that is a module's attribute, read from the
    module (importing it) when the class attribute is read."""

    def __init__(self, stand_in, name):
        self._stand_in = stand_in
        self._name = name

    def __get__(self, instance, owner=None):
        return getattr(self._stand_in, self._name)


def module(name):
    stand_in = Module(name)
    _MODULES.append(stand_in)
    if _eager:
        stand_in._load()
    return stand_in


def load_all():
    """Import every module named so far and from now on: a daemon that
    uses them does it at start, not in its first requests."""
    global _eager
    _eager = True
    for stand_in in list(_MODULES):
        stand_in._load()
