"""nova-manage db archive_deleted_rows and db purge (nova/db/archive.py),
with upstream's options and return codes."""

import datetime
import sys

from dateutil import parser as date_parser
import prettytable

from nova.db import api as db_api
from nova.db import archive

# Return codes of archive_deleted_rows, as upstream's.
NOTHING_ARCHIVED, ROWS_ARCHIVED, BAD_MAX_ROWS, _, BAD_BEFORE = range(5)
# Return codes of purge.
PURGED, NO_SCOPE, PURGE_BAD_BEFORE, NOTHING_PURGED = range(4)


class _BadDate(Exception):
    pass


def _before(args):
    """--before as a naive UTC datetime (None when not given)."""
    if not args.before:
        return None
    try:
        value = date_parser.parse(args.before)
    except (ValueError, OverflowError):
        print('Invalid value for --before: %s' % args.before,
              file=sys.stderr)
        raise _BadDate()
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return value


def _table(totals, heading):
    table = prettytable.PrettyTable(['Table', heading])
    table.align = 'l'
    for name in sorted(totals):
        table.add_row([name, totals[name]])
    return table.get_string()


def archive_deleted_rows(args):
    """Move soft-deleted rows to the shadow tables."""
    if args.max_rows < 1:
        print('--max_rows must be at least 1', file=sys.stderr)
        return BAD_MAX_ROWS
    try:
        before = _before(args)
    except _BadDate:
        return BAD_BEFORE
    engine = db_api.get_engine()
    totals = {}
    while True:
        moved = archive.archive_batch(engine, args.max_rows, before)
        for name, count in moved.items():
            totals[name] = totals.get(name, 0) + count
        if args.verbose and args.until_complete and moved:
            # A progress mark a batch.
            print('.', end='', file=sys.stderr, flush=True)
        if not moved or not args.until_complete:
            break
    if args.verbose and args.until_complete and totals:
        print(file=sys.stderr)
    if args.purge:
        archive.purge(engine)
    if args.verbose:
        if totals:
            print(_table(totals, 'Number of Rows Archived'))
        else:
            print('Nothing was archived.')
        if args.purge:
            print('Rows were archived and then purged.')
    return ROWS_ARCHIVED if totals else NOTHING_ARCHIVED


def purge(args):
    """Delete rows from the shadow tables."""
    if not args.before and not args.all:
        print('Either --before or --all is required', file=sys.stderr)
        return NO_SCOPE
    try:
        before = _before(args)
    except _BadDate:
        return PURGE_BAD_BEFORE
    purged = archive.purge(db_api.get_engine(), before)
    if args.verbose:
        print(_table(purged, 'Number of Rows Deleted') if purged
              else 'Nothing was purged.')
    return PURGED if purged else NOTHING_PURGED


def add_commands(db_cmds):
    cmd = db_cmds.add_parser('archive_deleted_rows',
                             help=archive_deleted_rows.__doc__)
    cmd.add_argument('--max_rows', '--max-rows', type=int, default=1000,
                     dest='max_rows',
                     help='Parents (instances, services, ...) of each kind '
                          'moved per batch (default 1000).')
    cmd.add_argument('--before', help='Only rows deleted before this date.')
    cmd.add_argument('--until-complete', '--until_complete',
                     action='store_true', dest='until_complete',
                     help='Repeat batches until nothing is left.')
    cmd.add_argument('--purge', action='store_true',
                     help='Then delete everything from the shadow tables.')
    cmd.add_argument('--verbose', action='store_true',
                     help='Print a table of the rows moved.')
    cmd.add_argument('--all-cells', action='store_true', dest='all_cells',
                     help='Accepted for compatibility: one database here.')
    cmd.add_argument('--task-log', action='store_true', dest='task_log',
                     help='Accepted for compatibility.')
    cmd.set_defaults(func=archive_deleted_rows)
    cmd = db_cmds.add_parser('purge', help=purge.__doc__)
    cmd.add_argument('--before', help='Rows deleted before this date.')
    cmd.add_argument('--all', action='store_true', help='Every row.')
    cmd.add_argument('--verbose', action='store_true')
    cmd.add_argument('--all-cells', action='store_true', dest='all_cells')
    cmd.set_defaults(func=purge)
