"""Where the fake hypervisor keeps its guests, so they outlive the process.

A real hypervisor's guests keep running when nova-compute restarts; the
fake driver's would vanish with its memory, and every server of a
restarted all-in-one would look lost. So each fake host writes its guests
to <state_path>/fake-hypervisor-guests/<host>.json whenever they change
and reads them back when it starts. A guest that was being created when
the process died was never written, as with a real hypervisor.
"""

import dataclasses
import json
import os
import threading

from oslo_log import log as logging

import nova.conf
from nova.virt import hardware

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)


def _path(host):
    return os.path.join(CONF.state_path, 'fake-hypervisor-guests',
                        '%s.json' % host)


def load(host):
    """{uuid: InstanceInfo} saved by host's last run ({} when none)."""
    try:
        with open(_path(host)) as f:
            saved = json.load(f)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        LOG.exception('Ignoring unreadable fake guests of %s', host)
        return {}
    return {uuid: hardware.InstanceInfo(**info)
            for uuid, info in saved.items()}


class SavingLock:
    """The driver's lock: releasing it saves the guests if they changed.

    Every change of the guests happens under this lock, so saving on
    release catches them all without each method remembering to.
    """

    def __init__(self, driver):
        self._lock = threading.Lock()
        self._driver = driver
        self._saved = None

    def __enter__(self):
        self._lock.acquire()
        return self

    def __exit__(self, *exc_info):
        try:
            self._save_if_changed()
        finally:
            self._lock.release()
        return False

    def _save_if_changed(self):
        host = self._driver.host
        if not host:
            return
        text = json.dumps({uuid: dataclasses.asdict(info) for uuid, info
                           in self._driver._guests.items()},
                          sort_keys=True)
        if text == self._saved:
            return
        path = _path(host)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path + '.tmp', 'w') as f:
                f.write(text)
            os.replace(path + '.tmp', path)  # never half a file
            self._saved = text
        except OSError:
            LOG.exception('Could not save the fake guests of %s', host)
