"""Start-up steps every console script shares."""

import sys

from oslo_log import log as logging

import nova.conf
from nova.network import api as network_api
from nova import exception
from nova import lazy_import
from nova import malloc_tuning
from nova import objects
from nova import reports
from nova import rpc
from nova import version

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

logging.register_options(CONF)
reports.register_opts(CONF)
# Logs go to stderr, so commands' own output on stdout stays clean.
CONF.set_default('use_stderr', True)


def init(argv=None, prog=None, daemon=True, database=True):
    """Parse config files and arguments, set up logging, objects and RPC;
    daemons (not nova-manage) write a Guru Meditation Report on SIGUSR2,
    and console-script daemons (daemon: not inside a WSGI container)
    their threads' stacks on SIGUSR1. database False: a daemon that
    reaches data only through the conductor, which does not load the
    database layer (nova.cmd.no_database)."""
    argv = sys.argv[1:] if argv is None else argv
    CONF(argv, project='nova', prog=prog, version=version.VERSION)
    logging.setup(CONF, 'nova')
    try:
        network_api.check_backend()
    except network_api.UnknownBackend as error:
        sys.exit(str(error))
    if prog != 'nova-manage':
        malloc_tuning.limit_arenas()
        reports.enable(CONF)
        if daemon:
            reports.enable_stack_dumps()
    objects.register_all()
    if database:
        from nova.db import api as db_api
        db_api.configure(CONF)
        # The objects' database modules, loaded now rather than by the
        # first requests.
        lazy_import.load_all()


def init_rpc(allow_in_process=False, api=False):
    """api: a process serving an API, whose requests fail fast (503)
    rather than wait out a message bus outage."""
    from nova import upgrade_levels
    try:
        upgrade_levels.check_pins(CONF)
    except exception.ConfigError as error:
        sys.exit(str(error))
    if rpc.is_in_process() and not allow_in_process:
        sys.exit('transport_url is %s, which only works inside nova-all. '
                 'Set transport_url to a broker, for example '
                 'rabbit://guest:guest@127.0.0.1:5672/' % CONF.transport_url)
    rpc.init(CONF, send_retries=CONF.api.rpc_send_retries if api else None)


def use_conductor_for_objects():
    """Route remotable object calls through the conductor (no DB here)."""
    from nova.conductor import rpcapi as conductor_rpcapi
    from nova import context
    from nova.objects import base as objects_base
    conductor = conductor_rpcapi.ConductorAPI()
    conductor.wait_until_ready(context.get_admin_context())
    objects_base.NovaObject.indirection_api = conductor
