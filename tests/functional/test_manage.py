"""nova-manage against real databases, and the WSGI application entry."""

import os
import subprocess
import sys

import pytest

from tests.functional import cloud as cloud_lib

BIN = os.path.dirname(sys.executable)


@pytest.mark.parametrize('kind', ['sqlite', 'mysql', 'postgresql'])
def test_db_sync_and_version(tmp_path, kind):
    database = cloud_lib.Database(kind, str(tmp_path))
    database.create()
    try:
        conf = tmp_path / 'nova.conf'
        conf.write_text('[DEFAULT]\nstate_path = %s\n[database]\n'
                        'connection = %s\n' % (tmp_path, database.url))
        manage = [os.path.join(BIN, 'nova-manage'), '--config-file',
                  str(conf)]
        before = subprocess.run(manage + ['db', 'version'],
                                capture_output=True, text=True, check=True)
        assert before.stdout.strip() == 'None'
        subprocess.run(manage + ['db', 'sync'], capture_output=True,
                       check=True)
        after = subprocess.run(manage + ['db', 'version'],
                               capture_output=True, text=True, check=True)
        assert after.stdout.strip() == _newest_revision()
        listed = subprocess.run(manage + ['service', 'list'],
                                capture_output=True, text=True, check=True)
        assert listed.stdout.startswith('Binary')
    finally:
        database.drop()


def test_wsgi_application_entry_point(tmp_path, monkeypatch):
    """uwsgi/mod_wsgi load nova.wsgi.osapi_compute:init_application."""
    conf = tmp_path / 'nova.conf'
    conf.write_text('[DEFAULT]\nstate_path = %s\ntransport_url = '
                    'rabbit://guest:guest@127.0.0.1:5672/\n' % tmp_path)
    code = ('import webob; from nova.wsgi import osapi_compute; '
            'app = osapi_compute.init_application(); '
            'print(webob.Request.blank("/v2.1/").get_response(app).status)')
    result = subprocess.run(
        [sys.executable, '-c', code], capture_output=True, text=True,
        env=dict(os.environ, OS_NOVA_CONFIG_FILES=str(conf)), timeout=60)
    assert result.stdout.strip() == '200 OK', result.stderr


def _newest_revision():
    from alembic import script

    from nova.db import migration
    return script.ScriptDirectory(migration.MIGRATIONS_DIR).get_current_head()
