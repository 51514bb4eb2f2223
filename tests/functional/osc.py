"""The openstack CLI, run in one long-lived interpreter per test worker.

An `openstack` process spends about a second of CPU importing the client
and its plugins before it sends anything, and the client tests type well
over a hundred commands. This runner imports the client once, in a child
process of its own, and runs each command through the CLI's own entry
point (openstackclient.shell.main) with that command's arguments; it
gives back the exit status, stdout and stderr a fresh `openstack` process
would have printed. Each environment (cloud, auth type, token) and set
of --os-* options has a child of its own: the client keeps state between
commands (sessions, cached clients, API versions) that must not cross
from one user, cloud or version to another.

    result = osc.run(['server', 'list', '-f', 'json'], env)
"""

import atexit
import contextlib
import io
import json
import logging
import os
import select
import subprocess
import sys
import threading

_lock = threading.Lock()
_children = {}  # environment -> child process, oldest first
_MAX_CHILDREN = 6


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr


def run(args, env, timeout=120):
    """Run `openstack args` with env as its environment."""
    # The client also keeps the API versions a command asked for
    # (--os-compute-api-version ...): they are part of the key too.
    key = json.dumps([sorted(env.items()), _global_options(args)])
    request = json.dumps({'argv': list(args), 'env': env}) + '\n'
    with _lock:
        child = _children.pop(key, None)
        if child is None or child.poll() is not None:
            child = _start()
        _children[key] = child
        while len(_children) > _MAX_CHILDREN:
            _stop(_children.pop(next(iter(_children))))
        child.stdin.write(request)
        child.stdin.flush()
        ready, _, _ = select.select([child.stdout], [], [], timeout)
        line = child.stdout.readline() if ready else ''
        if not line:
            _stop(_children.pop(key))
            raise AssertionError('openstack %s: no answer within %d s' % (
                ' '.join(args), timeout))
    answer = json.loads(line)
    return Result(answer['rc'], answer['stdout'], answer['stderr'])


def _global_options(args):
    """The --os-* options of args, with their values."""
    found = []
    for index, arg in enumerate(args):
        if arg.startswith('--os-'):
            found.append(arg)
            if '=' not in arg and index + 1 < len(args):
                found.append(args[index + 1])
    return found


def _start():
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    child = subprocess.Popen([sys.executable, '-m', 'tests.functional.osc'],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, cwd=root)
    atexit.register(_stop, child)
    return child


def _stop(child):
    if child.poll() is None:
        child.kill()
        child.wait()


def _serve():
    """The child: one command per line of stdin, one answer per line of
    the stdout it started with (commands print into buffers)."""
    from openstackclient import shell

    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        os.environ.clear()
        os.environ.update(request['env'])
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = shell.main(request['argv'])
            except SystemExit as stop:
                rc = stop.code if isinstance(stop.code, int) else 1
            except Exception as error:  # what would end the process
                print('%s: %s' % (type(error).__name__, error),
                      file=sys.stderr)
                rc = 1
        # Each run adds its log handlers (on buffers now gone).
        logging.getLogger().handlers.clear()
        answers.write(json.dumps({'rc': rc or 0, 'stdout': out.getvalue(),
                                  'stderr': err.getvalue()}) + '\n')
        answers.flush()


if __name__ == '__main__':
    _serve()
