"""Serve a peer's WSGI application with gunicorn (run by the peer's python).

    python serve.py HOST:PORT WORKERS module:attribute [THREADS]

The peers parse sys.argv with oslo.config when their application loads, so
the command line is read here and emptied before gunicorn imports the app.
"""

import importlib
import sys

from gunicorn.app.base import BaseApplication


class Peer(BaseApplication):
    """A gunicorn application whose options come from this script."""

    def __init__(self, bind, workers, target, threads=1):
        self.options = {'bind': bind, 'workers': workers, 'timeout': 300,
                        'graceful_timeout': 5, 'accesslog': '-',
                        'threads': threads}
        self.target = target
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        module, attribute = self.target.split(':')
        return getattr(importlib.import_module(module), attribute)


def main():
    bind, workers, target = sys.argv[1:4]
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    del sys.argv[1:]
    Peer(bind, int(workers), target, threads).run()


if __name__ == '__main__':
    main()
