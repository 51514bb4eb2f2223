"""nova-manage db online_data_migrations: the data migrations that run
while the cloud serves, after "db sync" and before the next upgrade.

Each entry of MIGRATIONS is (name, migrate, count): migrate(context,
max_count) handles up to max_count rows and returns (found, done); count
(context) says how many rows still wait (nova-status upgrade check).
Exit codes as upstream's: 0 nothing (more) to do, 1 --max-count given
and rows were migrated (run again until 0), 2 a migration failed and
none of the last batch succeeded, 127 bad input.
"""

import sys

from oslo_log import log as logging
import prettytable

from nova import context as nova_context
from nova.objects import request_spec_migration

LOG = logging.getLogger(__name__)

MIGRATIONS = (
    ('add_missing_request_specs',
     request_spec_migration.add_missing_request_specs,
     request_spec_migration.count_missing_request_specs),
)

DONE, MORE, FAILED, BAD_INPUT = 0, 1, 2, 127
# Rows per pass when no --max-count is given (then passes repeat until
# one migrates nothing).
BATCH = 50


def _one_pass(context, max_count, migrations):
    """{name: (found, done)} of one pass over the migrations, and whether
    one of them failed."""
    results, failed, ran = {}, False, 0
    for name, migrate, _count in migrations:
        try:
            found, done = migrate(context, max_count - ran)
        except Exception:
            LOG.exception('Online data migration %s failed', name)
            failed, found, done = True, 0, 0
        if found:
            print('%d rows matched query %s, %d migrated'
                  % (found, name, done))
        results[name] = (found, done)
        ran += done
        if ran >= max_count:
            break
    return results, failed


def run(context, max_count=None, migrations=MIGRATIONS):
    """Run the migrations; print what ran; return the exit code."""
    until_complete = max_count is None
    if not until_complete and max_count < 1:
        print('Must supply a positive value for --max-count',
              file=sys.stderr)
        return BAD_INPUT
    batch = BATCH if until_complete else max_count
    totals = {name: [0, 0] for name, _m, _c in migrations}
    failed = False
    while True:
        results, failed = _one_pass(context, batch, migrations)
        ran = 0
        for name, (found, done) in results.items():
            totals[name][0] += found
            totals[name][1] += done
            ran += done
        if not until_complete or not ran:
            break
    table = prettytable.PrettyTable(['Migration', 'Total Needed',
                                     'Completed'])
    table.align = 'l'
    for name, (found, done) in totals.items():
        table.add_row([name, found, done])
    print(table)
    if failed:
        print('Some migrations failed unexpectedly. Check the log for '
              'details.')
        if not ran:
            return FAILED
    return MORE if ran and not until_complete else DONE


def pending(context, migrations=MIGRATIONS):
    """{name: rows still waiting} of the migrations with work left."""
    counts = {name: count(context) for name, _m, count in migrations}
    return {name: n for name, n in counts.items() if n}


def _command(args):
    """Migrate data the new code expects, in batches, while the cloud runs.
    Run until it exits 0 before the next upgrade."""
    return run(nova_context.get_admin_context(), args.max_count)


def add_commands(db_cmds):
    cmd = db_cmds.add_parser('online_data_migrations',
                             help=_command.__doc__)
    cmd.add_argument('--max-count', type=int, default=None,
                     dest='max_count', metavar='N',
                     help='Migrate at most N rows, then exit 1 if any '
                          'were migrated (run again until it exits 0). '
                          'Without it: batches of %d until done.' % BATCH)
    cmd.set_defaults(func=_command)
