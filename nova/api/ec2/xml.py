"""Renders action results as EC2 XML in the namespace of the request's
API version."""

import datetime
import re
from xml.etree import ElementTree

DEFAULT_VERSION = '2016-11-15'
NAMESPACE = 'http://ec2.amazonaws.com/doc/%s/'


# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff'
                      '\ufffe\uffff]')


def xml_safe(text):
    """text with the characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub('\ufffd', text)


def _text(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(
                tzinfo=None)
        return value.strftime('%Y-%m-%dT%H:%M:%S.') + \
            '%03dZ' % (value.microsecond // 1000)
    return xml_safe(str(value))


def _add(parent, name, value):
    if value is None:
        return
    element = ElementTree.SubElement(parent, name)
    _fill(element, value)


def _fill(element, value):
    if isinstance(value, dict):
        for key, child in value.items():
            _add(element, key, child)
    elif isinstance(value, (list, tuple)):
        # Every EC2 list is a sequence of <item> elements.
        for child in value:
            _add(element, 'item', child)
    else:
        element.text = _text(value)


def render(action, version, request_id, result):
    """The <ActionResponse> document of result (a dict) as bytes."""
    root = ElementTree.Element(
        '%sResponse' % action,
        xmlns=NAMESPACE % (version or DEFAULT_VERSION))
    _add(root, 'requestId', request_id)
    _fill(root, result or {})
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + \
        ElementTree.tostring(root)
