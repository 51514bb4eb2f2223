"""The fake driver's ConsoleInterface (a mixin of fake.FakeDriver).

VNC and serial consoles are real servers on 127.0.0.1
(nova.virt.fake_endpoints), started on a guest's first console request
and closed with the guest, so the console path is exercised end to end;
the other kinds keep the driver contract's NotImplementedError, which
the API answers as an unavailable console type.
"""

import functools
import threading

from nova.virt import console
from nova.virt import fake_endpoints


class FakeConsoleMixin:
    _console_lock = threading.Lock()

    def get_vnc_console(self, context, instance):
        return self._fake_endpoint(instance, 'vnc',
                                   fake_endpoints.serve_vnc)

    def get_serial_console(self, context, instance):
        return self._fake_endpoint(instance, 'serial',
                                   fake_endpoints.serve_serial)

    def _fake_endpoint(self, instance, kind, serve):
        self.get_info(instance)  # InstanceNotFound when not on this host
        with self._console_lock:
            listeners = self.__dict__.setdefault('_console_listeners', {})
            key = (instance.uuid, kind)
            if key not in listeners:
                listeners[key] = fake_endpoints.Listener(
                    'fake-%s-%s' % (kind, instance.uuid[:8]),
                    functools.partial(serve, name=instance.display_name or
                                      instance.uuid))
            listener = listeners[key]
        return console.ConsoleInfo(host=listener.host, port=listener.port)

    def close_consoles(self, instance):
        """The guest is gone: so are its console servers."""
        with self._console_lock:
            listeners = self.__dict__.get('_console_listeners', {})
            for kind in ('vnc', 'serial'):
                listener = listeners.pop((instance.uuid, kind), None)
                if listener is not None:
                    listener.close()
