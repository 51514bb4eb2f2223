"""glibc malloc settings of the daemons: fewer arenas, freed pages given
back after start-up."""

import ctypes
import ctypes.util

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# mallopt's parameter number for the arena count (malloc.h).
_M_ARENA_MAX = -8
# Two arenas: glibc otherwise gives each busy thread one of up to 8 per
# core, each keeping its own free pages, which grows a threaded daemon's
# memory with every request thread (MALLOC_ARENA_MAX=2 in the
# environment does the same, and wins over this if set lower).
ARENAS = 2


def _libc():
    name = ctypes.util.find_library('c')
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    # glibc's; other C libraries (musl) have neither.
    if not (hasattr(libc, 'mallopt') and hasattr(libc, 'malloc_trim')):
        return None
    return libc


def limit_arenas():
    """Before the daemon starts its threads."""
    libc = _libc()
    if libc is not None and not libc.mallopt(_M_ARENA_MAX, ARENAS):
        LOG.debug('mallopt(M_ARENA_MAX) refused')


def trim():
    """After start-up: hand the heap pages start-up freed back."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
