"""Creates the state path and secret files so only their owner reads them.

The state path holds the SQLite database, keys, images and volumes of the
cloud: 0700. The database and key files are 0600 (SQLite gives its -wal
and -shm files the mode of the database file).
"""

import os

import sqlalchemy as sa

DIR_MODE = 0o700
FILE_MODE = 0o600


def _tighten(path, mode):
    """Take group and other bits away from a path this process owns."""
    st = os.stat(path)
    if st.st_uid == os.geteuid() and st.st_mode & 0o777 & ~mode:
        os.chmod(path, st.st_mode & mode)


def ensure_dir(path):
    """Create directory path (and parents) as 0700; tighten it if it is
    already there with wider bits."""
    os.makedirs(path, mode=DIR_MODE, exist_ok=True)
    _tighten(path, DIR_MODE)
    return path


def ensure_file(path):
    """Create an empty file path as 0600 unless it exists; tighten it."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                         FILE_MODE))
    except FileExistsError:
        pass
    _tighten(path, FILE_MODE)
    return path


def write_new(path, data):
    """Write bytes to path, created 0600; False if it already existed."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    with os.fdopen(fd, 'wb') as f:
        f.write(data)
    return True


def sqlite_file(url):
    """The file of a file-based SQLite URL, or None."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != 'sqlite' or not parsed.database or \
            parsed.database == ':memory:' or \
            parsed.database.startswith('file:'):
        return None
    return parsed.database


def secure_state(conf):
    """The state path 0700 and an SQLite database file 0600, created
    before SQLite would create the file with the umask's wider mode."""
    ensure_dir(conf.state_path)
    db_file = sqlite_file(conf.database.connection)
    if db_file:
        ensure_dir(os.path.dirname(os.path.abspath(db_file)))
        ensure_file(db_file)
        for suffix in ('-wal', '-shm'):
            if os.path.exists(db_file + suffix):
                _tighten(db_file + suffix, FILE_MODE)
