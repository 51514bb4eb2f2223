"""Shared helpers of the peer starters: install, free ports, wait, stop."""

import fcntl
import os
import signal
import socket
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def install(name):
    """The virtual environment of peer name (installed on first use)."""
    out = subprocess.run([os.path.join(HERE, 'install.sh'), name],
                         check=True, stdout=subprocess.PIPE, text=True)
    return out.stdout.strip().splitlines()[-1]


# Port 0 would hand out a port of the kernel's ephemeral range, which every
# process's outgoing connections draw their source ports from as well:
# between the pick and the server's bind, a client may take it (a test
# cloud then died at start with "Address already in use" under load). The
# ports come from below that range instead, through a cursor that every
# process of the machine shares (a locked file), so that two pickers never
# get the same port either.
_LOWEST_PORT = 10000
_CURSOR = '/tmp/nova-test-ports.cursor'


def _ephemeral_low():
    try:
        with open('/proc/sys/net/ipv4/ip_local_port_range') as ports:
            return int(ports.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _bindable(port):
    # No SO_REUSEADDR: a port still in TIME_WAIT is skipped too.
    with socket.socket() as sock:
        try:
            sock.bind(('127.0.0.1', port))
        except OSError:
            return False
    return True


def free_port():
    """A TCP port on 127.0.0.1 nobody listens on right now, that no other
    picker of this machine has been handed recently."""
    ephemeral = _ephemeral_low()
    if ephemeral is None or ephemeral - _LOWEST_PORT < 1000:
        with socket.socket() as sock:
            sock.bind(('127.0.0.1', 0))
            return sock.getsockname()[1]
    low, high = _LOWEST_PORT, ephemeral - 1
    with open(_CURSOR, 'a+') as cursor:
        fcntl.flock(cursor, fcntl.LOCK_EX)
        cursor.seek(0)
        try:
            port = int(cursor.read().strip())
        except ValueError:
            port = high
        for _ in range(high - low + 1):
            port = port + 1 if low <= port < high else low
            if _bindable(port):
                break
        else:
            raise RuntimeError('no free TCP port in %d-%d' % (low, high))
        cursor.seek(0)
        cursor.truncate()
        cursor.write(str(port))
        return port


def wait_for_port(port, proc, timeout=60, log=None):
    """Wait until 127.0.0.1:port accepts connections; fail if proc dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError('process exited with %s%s' % (
                proc.returncode, _tail(log)))
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError('nothing listens on port %d after %ss%s'
                       % (port, timeout, _tail(log)))


def _tail(log):
    if not log or not os.path.exists(log):
        return ''
    with open(log, errors='replace') as f:
        return '\n' + ''.join(f.readlines()[-30:])


def run(cmd, log, env=None):
    """Run a setup command, its output appended to log; raise on failure."""
    with open(log, 'a') as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT,
                              env=env)
    if proc.returncode:
        raise RuntimeError('%s failed (%s)%s' % (cmd[0], proc.returncode,
                                                 _tail(log)))


def spawn(cmd, log, env=None):
    """Start a server in its own process group, output to log."""
    out = open(log, 'a')
    try:
        return subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True)
    finally:
        out.close()


def serve_command(venv, port, workers, target, threads=1):
    """The command serving target (module:attribute) of venv with gunicorn."""
    return [os.path.join(venv, 'bin', 'python'),
            os.path.join(HERE, 'serve.py'), '127.0.0.1:%d' % port,
            str(workers), target, str(threads)]


def stop(proc, timeout=15):
    """Stop a server started by spawn (its whole process group)."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def write_ini(path, sections):
    """Write {section: {key: value}} as an ini file."""
    with open(path, 'w') as f:
        for section, values in sections.items():
            f.write('[%s]\n' % section)
            for key, value in values.items():
                f.write('%s = %s\n' % (key, value))
            f.write('\n')


def serve_until_interrupted(peer, banner):
    """Print where a started peer answers, then keep it until it exits or
    Ctrl-C, and stop it either way (the peers' command-line use)."""
    print(banner, flush=True)
    try:
        peer.proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        peer.stop()
