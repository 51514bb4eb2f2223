"""JSON-schema validation of request bodies and query strings."""

import jsonschema
from jsonschema import validators

from nova import exception

_Validator = validators.extend(jsonschema.Draft4Validator)
_FORMAT_CHECKER = jsonschema.FormatChecker()


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
    validator = _Validator(schema, format_checker=_FORMAT_CHECKER)
    error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
    if error is None:
        return
    path = _field_path(error)
    if error.validator == 'required':
        detail = "'%s' is a required property" % path.rsplit('/', 1)[-1]
    elif error.validator == 'additionalProperties':
        detail = error.message
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
