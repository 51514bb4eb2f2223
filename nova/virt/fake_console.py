"""The fake driver's ConsoleInterface (a mixin of fake.FakeDriver).

Only VNC is offered, so the console path is exercised end to end; the
other kinds keep the driver contract's NotImplementedError, which the
API answers as an unavailable console type.
"""

from nova.virt import console

_VNC_PORT = 5900


class FakeConsoleMixin:
    def get_vnc_console(self, context, instance):
        self.get_info(instance)  # InstanceNotFound when not on this host
        return console.ConsoleInfo(host='127.0.0.1', port=_VNC_PORT)
