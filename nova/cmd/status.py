"""nova-status upgrade check: is this deployment ready for the code that
is installed? Exit 0 all good, 1 a warning, 2 a failure, 255 an error
(oslo.upgradecheck's table and codes).

The checks read the database with plain SQL, as migrations do: they must
work on the data of the release before, which objects may not."""

import sys

from alembic import script as alembic_script
from oslo_db import exception as db_exc
from oslo_upgradecheck import common_checks
from oslo_upgradecheck import upgradecheck
import sqlalchemy as sa

import nova.conf
from nova.db import api as db_api
from nova.db import migration
from nova.objects import service as service_obj
from nova.virt.libvirt import versions

CONF = nova.conf.CONF
Code = upgradecheck.Code
Result = upgradecheck.Result

_HYPERVISORS_ON_QEMU = ('QEMU', 'KVM')


def _rows(query):
    """The query's rows, or None when its table is not there yet."""
    try:
        with db_api.get_engine().connect() as conn:
            return conn.execute(query).all()
    except db_exc.DBNonExistentTable:
        return None


_NO_TABLES = Result(Code.FAILURE, 'The database has no schema yet: run '
                    '"nova-manage db sync".')


def _none_found(query, failure):
    """Success when query finds no row, else failure(rows)."""
    rows = _rows(query)
    if rows is None:
        return _NO_TABLES
    if not rows:
        return Result(Code.SUCCESS)
    return Result(Code.FAILURE, failure(rows))


class Checks(upgradecheck.UpgradeCommands):

    def check(self):
        db_api.configure(CONF)
        return super().check()

    def _check_schema(self):
        head = alembic_script.ScriptDirectory(
            migration.MIGRATIONS_DIR).get_current_head()
        current = migration.db_version()
        if current == head:
            return Result(Code.SUCCESS)
        return Result(Code.FAILURE, 'The database schema is at revision %s; '
                      'this code needs %s. Run "nova-manage db sync".'
                      % (current or 'none (empty database)', head))

    def _check_service_versions(self):
        services = sa.table('services', sa.column('host'),
                            sa.column('binary'), sa.column('version'),
                            sa.column('deleted'))
        return _none_found(
            sa.select(services.c.host, services.c.binary,
                      services.c.version)
            .where(services.c.deleted == 0,
                   services.c.version <
                   service_obj.OLDEST_SUPPORTED_SERVICE_VERSION)
            .order_by(services.c.host),
            lambda rows: 'Services older than version %d (the oldest this '
            'code works beside) are registered: %s. Upgrade them, or delete '
            'the records of the ones that are gone with "openstack compute '
            'service delete".' % (
                service_obj.OLDEST_SUPPORTED_SERVICE_VERSION,
                ', '.join('%s on %s (version %d)' % (
                    row.binary, row.host, row.version) for row in rows)))

    def _check_qemu_versions(self):
        oldest = versions.encode(versions.MIN_QEMU_VERSION)
        nodes = sa.table('compute_nodes', sa.column('host'),
                         sa.column('hypervisor_type'),
                         sa.column('hypervisor_version'),
                         sa.column('deleted'))
        return _none_found(
            sa.select(nodes.c.host, nodes.c.hypervisor_version)
            .where(nodes.c.deleted == 0,
                   nodes.c.hypervisor_type.in_(_HYPERVISORS_ON_QEMU),
                   nodes.c.hypervisor_version < oldest)
            .order_by(nodes.c.host),
            lambda rows: 'Compute hosts run QEMU older than %s: %s.' % (
                '%d.%d.%d' % versions.MIN_QEMU_VERSION,
                ', '.join('%s (%d.%d.%d)' % (
                    (row.host,) + versions.decode(row.hypervisor_version))
                    for row in rows)))

    def _check_request_specs(self):
        # The data of online migration add_missing_request_specs.
        instances = sa.table('instances', sa.column('uuid'),
                             sa.column('deleted'))
        specs = sa.table('request_specs', sa.column('instance_uuid'))
        rows = _rows(sa.select(sa.func.count()).select_from(instances).where(
            instances.c.deleted == 0,
            ~sa.exists().where(specs.c.instance_uuid == instances.c.uuid)))
        if rows is None:
            return _NO_TABLES
        missing = rows[0][0]
        if not missing:
            return Result(Code.SUCCESS)
        return Result(Code.FAILURE, '%d servers made by older code have no '
                      'request spec yet. Run "nova-manage db '
                      'online_data_migrations" until it exits 0.' % missing)

    _upgrade_checks = (
        ('Database schema', _check_schema),
        ('Service versions', _check_service_versions),
        ('Request Spec Migration', _check_request_specs),
        ('QEMU version on computes', _check_qemu_versions),
        ('Policy File JSON to YAML Migration',
         (common_checks.check_policy_json, {'conf': CONF})),
    )


def main():
    return upgradecheck.main(CONF, project='nova', upgrade_command=Checks())


if __name__ == '__main__':
    sys.exit(main())
