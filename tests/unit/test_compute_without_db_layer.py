"""nova-compute loads no database layer, and stays guarded should anything
load it: the objects name their database modules lazily
(nova.lazy_import), the guard is set when nova.db.api loads
(nova.cmd.no_database)."""

import subprocess
import sys
import textwrap

from nova import lazy_import


def _run(code):
    result = subprocess.run([sys.executable, '-c', textwrap.dedent(code)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_compute_start_up_loads_no_sqlalchemy():
    """Root cause of nova-compute's 30 MiB of SQLAlchemy, oslo.db engine
    code and ORM models: every versioned object module imported its
    nova.db module, and nova.context oslo.db's enginefacade."""
    out = _run('''
        import sys
        from nova.cmd import compute, common, services
        from nova import objects
        objects.register_all()
        from nova.compute import host_group, manager, rpcapi
        from nova.conductor import rpcapi as conductor_rpcapi
        from nova.virt import fake
        from nova import outages
        loaded = sorted(m for m in sys.modules
                        if m.split('.')[0] == 'sqlalchemy' or
                        m.startswith(('nova.db.', 'oslo_db.sqlalchemy')))
        print(loaded)
    ''')
    assert out.strip() == '[]'


def test_the_guard_is_set_when_the_database_layer_loads_later():
    out = _run('''
        from nova.cmd import no_database
        from nova import context
        from nova import exception
        from nova import objects
        objects.register_all()
        no_database.forbid('nova-compute')
        try:
            objects.Flavor.get_by_flavor_id(
                context.get_admin_context(), '1')
        except exception.DBNotAllowed as error:
            print(error.format_message())
    ''')
    assert out.startswith('nova-compute must not use the database')
    assert 'nova/objects/flavor.py' in out


def test_forbid_after_the_database_layer_loaded_disables_it_at_once():
    out = _run('''
        from nova.cmd import no_database
        from nova.db import api as db_api
        no_database.forbid('nova-compute')
        print(type(db_api.context_manager._factory).__name__)
    ''')
    assert out.strip() == '_DisabledFactory'


def test_a_lazy_module_loads_on_first_read_and_follows_patches(
        monkeypatch):
    # Not the eager mode a test's daemon start-up may have set.
    monkeypatch.setattr(lazy_import, '_eager', False)
    stand_in = lazy_import.module('json.tool')
    assert stand_in._module is None
    import json.tool
    assert stand_in.main is json.tool.main
    monkeypatch.setattr(json.tool, 'main', 'patched')
    assert stand_in.main == 'patched'


def test_a_lazy_class_attribute_reads_the_module():
    class Holder:
        DUMPS = lazy_import.Attribute(lazy_import.module('json'), 'dumps')
    import json
    assert Holder.DUMPS is json.dumps
    assert Holder().DUMPS is json.dumps
