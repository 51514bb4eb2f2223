"""Guru Meditation Reports (oslo.reports): on SIGUSR2 a daemon writes its
package version, threads' stacks and configuration to stderr (its log),
or to a file in [oslo_reports] log_dir, without stopping."""

import faulthandler
import signal
import threading

from oslo_reports import opts as gmr_opts

from nova import version


class _Version:
    """What the report's package section asks of a version object."""

    @staticmethod
    def vendor_string():
        return 'nova'

    @staticmethod
    def product_string():
        return 'nova'

    @staticmethod
    def version_string_with_package():
        return version.VERSION


def register_opts(conf):
    gmr_opts.set_defaults(conf)


def enable(conf):
    """Install the SIGUSR2 handler. Only the main thread may set signal
    handlers; a WSGI server may load the app in another one."""
    if threading.current_thread() is not threading.main_thread():
        return
    if conf.oslo_reports.file_event_handler:
        from oslo_reports import guru_meditation_report as gmr
        gmr.TextGuruMeditation.setup_autorun(_Version, conf=conf)
        return
    log_dir = conf.oslo_reports.log_dir
    signal.signal(signal.SIGUSR2,
                  lambda signum, frame: _report(log_dir, frame))


def _report(log_dir, frame):
    # oslo.reports (with jinja2 and its templates) loads on the first
    # report rather than in every daemon at start (~3 MiB each).
    from oslo_reports import guru_meditation_report as gmr
    gmr.TextGuruMeditation.handle_signal(_Version, None, log_dir, frame)


def enable_stack_dumps():
    """On SIGUSR1 a daemon writes every thread's Python stack to stderr
    (its log). Unlike the report, the dump is written from the C signal
    handler, so it still works when the process is hung: a thread stuck
    holding the GIL, or a main thread that never gets to run Python again.
    Not for WSGI containers, which may use SIGUSR1 themselves.
    A crash in C code (SIGSEGV, SIGABRT, SIGBUS ...) writes them too, so
    a daemon that vanished says where it was."""
    if threading.current_thread() is threading.main_thread():
        faulthandler.enable(all_threads=True)
        faulthandler.register(signal.SIGUSR1, all_threads=True)
