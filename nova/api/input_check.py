"""Checks every API applies to raw input before any handler sees it.

Paths, query strings and JSON bodies reach the database and the XML and
JSON writers, none of which accept everything Python strings can hold:
bytes that are not UTF-8, lone surrogates (JSON's "\\ud800" decodes to
one), NUL characters (PostgreSQL and XML refuse them) and nesting deep
enough to exhaust the interpreter's stack. Each check raises BadInput
with a message for the client; each API renders it in its own format.
"""

from urllib import parse

from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_serialization import jsonutils

LOG = logging.getLogger(__name__)

# Request bodies of these APIs nest a few levels; 32 leaves room for any
# legitimate document and stays far below Python's recursion limit.
MAX_JSON_DEPTH = 32


class BadInput(ValueError):
    """Input no API accepts; str(error) tells the client why."""


def check_text(text, what):
    """Refuse a decoded string holding a lone surrogate or a NUL."""
    if '\x00' in text:
        raise BadInput('%s contains a NUL character.' % what)
    try:
        text.encode('utf-8')
    except UnicodeEncodeError:
        raise BadInput('%s is not valid Unicode (lone surrogate).' % what)


def _decode_wsgi(value, what):
    """A WSGI (latin-1 transported) string as the UTF-8 text it holds."""
    try:
        return value.encode('latin-1').decode('utf-8')
    except UnicodeError:
        raise BadInput('%s is not valid UTF-8.' % what)


def check_environ(environ):
    """Refuse a request whose path or query string is not clean UTF-8."""
    path = _decode_wsgi(environ.get('PATH_INFO', ''), 'The URL path')
    check_text(path, 'The URL path')
    query = environ.get('QUERY_STRING', '')
    if query:
        raw = parse.unquote_to_bytes(query.replace('+', ' '))
        try:
            text = raw.decode('utf-8')
        except UnicodeDecodeError:
            raise BadInput('The query string is not valid UTF-8.')
        check_text(text, 'The query string')


def check_document(document, max_depth=MAX_JSON_DEPTH):
    """Refuse decoded JSON that nests too deep or holds bad strings."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            check_text(value, 'A string in the request body')
            continue
        if not isinstance(value, (dict, list)):
            continue
        if depth > max_depth:
            raise BadInput('The request body nests deeper than %d levels.'
                           % max_depth)
        if isinstance(value, dict):
            for key, item in value.items():
                check_text(key, 'A key in the request body')
                stack.append((item, depth + 1))
        else:
            stack.extend((item, depth + 1) for item in value)


def load_json(data):
    """Decode a JSON body (bytes or str) and check it; BadInput if not."""
    try:
        if isinstance(data, bytes):
            data = data.decode('utf-8')
        document = jsonutils.loads(data)
    except RecursionError:
        raise BadInput('The request body nests deeper than %d levels.'
                       % MAX_JSON_DEPTH)
    except (ValueError, TypeError):
        # UnicodeDecodeError is a ValueError too.
        raise BadInput('Malformed request body: it is not valid JSON.')
    check_document(document)
    return document


def refused_by_database(error):
    """(status, message) for database errors only client data causes.

    The safety net behind the schemas and handlers: a duplicate of a
    unique value (409), a number beyond the column's range (SQLite raises
    OverflowError for ints past 64 bits) or a string longer than its
    column (400). None for any other error.
    """
    if isinstance(error, db_exc.DBDuplicateEntry):
        columns = ', '.join(error.columns or ()) or 'values'
        LOG.info('Duplicate entry refused: %s', columns)
        return 409, 'A resource with the same %s already exists.' % columns
    if isinstance(error, db_exc.DBDataError) or (
            isinstance(error, db_exc.DBError) and
            isinstance(error.inner_exception, OverflowError)):
        LOG.info('Database refused request data: %s', error)
        return 400, ('A value in the request is too long or out of range '
                     'for its field.')
    return None


class Guard:
    """WSGI middleware refusing requests with a dirty path or query.

    reject(environ, start_response, message) answers in the API's format.
    """

    def __init__(self, app, reject):
        self.app = app
        self.reject = reject

    def __call__(self, environ, start_response):
        try:
            check_environ(environ)
        except BadInput as error:
            return self.reject(environ, start_response, str(error))
        return self.app(environ, start_response)
