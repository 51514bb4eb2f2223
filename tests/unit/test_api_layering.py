"""The API layer reaches data through objects or a service API
(nova.network.api, nova.volume.api, nova.image.api, nova.quota ...), never
nova.db: a module under nova/api that imports nova.db fails here unless
the allow-list names it with the reason it still does. The list can only
shrink: an entry whose module no longer imports nova.db fails too."""

import ast
import pathlib

import nova

API_ROOT = pathlib.Path(nova.__file__).parent / 'api'

# Module (relative to nova/api) -> why it still imports nova.db.
# Empty now: keep it so (an entry needs a reason a reviewer accepts).
ALLOWED = {}


def _imports_db(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(a.name == 'nova.db' or a.name.startswith('nova.db.')
                   for a in node.names):
                return True
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            module = node.module or ''
            if module == 'nova.db' or module.startswith('nova.db.'):
                return True
            if module == 'nova' and any(a.name == 'db' for a in node.names):
                return True
    return False


def _db_importers():
    found = set()
    for path in sorted(API_ROOT.rglob('*.py')):
        tree = ast.parse(path.read_text(), filename=str(path))
        if _imports_db(tree):
            found.add(path.relative_to(API_ROOT).as_posix())
    return found


def test_detector_sees_every_import_form():
    for source in ('import nova.db.api', 'from nova.db import ec2',
                   'from nova import db', 'from nova.db.ec2 import x',
                   'def f():\n    from nova.db import quotas\n'):
        assert _imports_db(ast.parse(source)), source
    for source in ('from nova import objects', 'import nova.dbx',
                   'from nova.network import api'):
        assert not _imports_db(ast.parse(source)), source


def test_no_api_module_imports_nova_db_beyond_the_allow_list():
    extra = _db_importers() - set(ALLOWED)
    assert not extra, (
        '%s import nova.db: go through objects or a service API '
        '(nova.network.api, nova.volume.api, nova.image.api, nova.quota)'
        % sorted(extra))


def test_allow_list_only_shrinks():
    stale = set(ALLOWED) - _db_importers()
    assert not stale, ('%s no longer import nova.db: remove them from '
                       'ALLOWED' % sorted(stale))


def test_every_allowed_module_says_why():
    assert all(len(reason) > 20 for reason in ALLOWED.values())
