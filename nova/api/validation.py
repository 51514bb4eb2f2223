"""JSON-schema validation of request bodies and query strings.

Every schema is validated in its bounded form (see bounded()): a string
without a maxLength gets DEFAULT_MAX_LENGTH, the size of the database's
name columns, and an integer without limits stays within a signed 32-bit
integer, the Integer columns' range. So a value the schema author did not think
to bound is refused with a 400 here instead of failing in the database.
"""

import copy

import jsonschema
from jsonschema import validators

from nova import exception

_Validator = validators.extend(jsonschema.Draft4Validator)
_FORMAT_CHECKER = jsonschema.FormatChecker()

# The String(255) of the name and key columns and the 32-bit Integer
# columns; a field stored in a wider column says so with its own bounds.
DEFAULT_MAX_LENGTH = 255
INT_MIN = -2 ** 31
INT_MAX = 2 ** 31 - 1

# Keywords whose value is a schema, or a list or a map of schemas.
_SUBSCHEMA = ('items', 'additionalProperties', 'not', 'additionalItems')
_SUBSCHEMA_LISTS = ('oneOf', 'anyOf', 'allOf', 'items')
_SUBSCHEMA_MAPS = ('properties', 'patternProperties', 'definitions')

# Bounded forms by id(schema); holds the schema so its id is not reused.
# Handlers build a few schemas per request (server actions), so the
# cache is emptied when it grows past its size.
_bounded_cache = {}
_BOUNDED_CACHE_SIZE = 512


def _types(schema):
    kind = schema.get('type')
    return set(kind) if isinstance(kind, list) else {kind}


def _bound(schema):
    """Add the default bounds to schema and its subschemas, in place."""
    if not isinstance(schema, dict):
        return
    types = _types(schema)
    if 'string' in types and 'enum' not in schema:
        schema.setdefault('maxLength', DEFAULT_MAX_LENGTH)
    # Only integers: a 'number' may be stored otherwise (extra specs keep
    # numbers as strings and check their length).
    if 'integer' in types and 'enum' not in schema:
        schema.setdefault('maximum', INT_MAX)
        schema.setdefault('minimum', INT_MIN)
    for key in _SUBSCHEMA:
        _bound(schema.get(key))
    for key in _SUBSCHEMA_LISTS:
        if isinstance(schema.get(key), list):
            for sub in schema[key]:
                _bound(sub)
    for key in _SUBSCHEMA_MAPS:
        if isinstance(schema.get(key), dict):
            for sub in schema[key].values():
                _bound(sub)


def bounded(schema):
    """schema with the default bounds added (a copy, cached)."""
    cached = _bounded_cache.get(id(schema))
    if cached is None or cached[0] is not schema:
        result = copy.deepcopy(schema)
        _bound(result)
        if len(_bounded_cache) >= _BOUNDED_CACHE_SIZE:
            _bounded_cache.clear()
        cached = _bounded_cache[id(schema)] = (schema, result)
    return cached[1]


def _field_path(error):
    parts = [str(p) for p in error.path]
    if error.validator == 'required' and error.message:
        # The missing property is named in the message, not the path.
        missing = error.message.split("'")[1] if "'" in error.message \
            else ''
        parts.append(missing)
    elif error.validator == 'additionalProperties':
        return '/'.join(parts) or 'body'
    return '/'.join(p for p in parts if p) or 'body'


def validate(schema, instance, what='body'):
    """Raise ValidationError (400) naming the first offending field."""
    validator = _Validator(bounded(schema), format_checker=_FORMAT_CHECKER)
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is None:
        return
    path = _field_path(error)
    if error.validator == 'required':
        detail = "'%s' is a required property" % path.rsplit('/', 1)[-1]
    elif error.validator == 'additionalProperties':
        detail = error.message
    elif error.validator == 'maxLength':
        # Never echo an oversized value back.
        detail = 'Value is longer than %s characters.' % error.validator_value
    else:
        detail = 'Value: %s. %s' % (error.instance, error.message)
    if what == 'query':
        detail = 'Query parameter %s. %s' % (path, detail)
    raise exception.ValidationError(field=path, detail=detail)


def query_to_dict(multidict):
    """webob GET params as {name: [values]} for query-schema validation."""
    result = {}
    for key, value in multidict.items():
        result.setdefault(key, []).append(value)
    return result
