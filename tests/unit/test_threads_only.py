"""nova.threads_only: no nova process loads eventlet, and oslo.messaging
still builds its RPC servers on native threads."""

import subprocess
import sys

import pytest


def _run(code):
    return subprocess.run([sys.executable, '-c', code], check=True,
                          capture_output=True, text=True).stdout


def test_daemon_start_up_imports_load_no_eventlet():
    out = _run(
        'import sys\n'
        'from nova.cmd import common, services\n'
        'from nova.compute import manager\n'
        'from nova.conductor import manager\n'
        'import oslo_messaging\n'
        'print(sorted(m for m in sys.modules if m.split(".")[0] in '
        '("eventlet", "dns", "OpenSSL")))\n')
    assert out.strip() == '[]'


def test_importing_eventlet_is_refused():
    import nova  # noqa: F401 (installs the refusal)
    with pytest.raises(ModuleNotFoundError, match='native threads'):
        import eventlet  # noqa: F401


def test_rpc_server_on_native_threads():
    """The inert backend gives oslo.messaging the real ServiceBase; an
    RPC server starts, answers a call and stops."""
    out = _run(
        'import nova, oslo_messaging as m\n'
        'import nova.conf\n'
        'from oslo_service.backend import base\n'
        'from oslo_messaging import server\n'
        'assert issubclass(server.MessageHandlingServer, base.ServiceBase)\n'
        'conf = nova.conf.CONF; conf([])\n'
        't = m.get_rpc_transport(conf, url="fake:/")\n'
        'class E:\n'
        '    def ping(self, ctxt, x):\n'
        '        return x + 1\n'
        'target = m.Target(topic="t", server="s")\n'
        's = m.get_rpc_server(t, target, [E()], executor="threading")\n'
        's.start()\n'
        'c = m.get_rpc_client(t, m.Target(topic="t"))\n'
        'print(c.call({}, "ping", x=41))\n'
        's.stop(); s.wait(); t.cleanup()\n')
    assert out.strip().splitlines()[-1] == '42'
