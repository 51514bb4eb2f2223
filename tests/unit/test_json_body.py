"""Response bodies encode to the JSON the standard encoder gave."""

import datetime
import json
import uuid

import netaddr
from oslo_serialization import jsonutils

from nova.api.openstack import json_body


def _before(body):
    return jsonutils.dump_as_bytes(body)


def test_same_parsed_body_as_the_standard_encoder():
    body = {'servers': [{
        'id': str(uuid.uuid4()), 'name': 'caf\u00e9 \u2603 "q" \\ \n',
        'created': datetime.datetime(2024, 1, 2, 3, 4, 5, 6),
        'day': datetime.date(2024, 1, 2), 'uuid': uuid.UUID(int=5),
        'ip': netaddr.IPAddress('10.0.0.1'), 'raw': b'bytes',
        'n': 2 ** 63 - 1, 'f': 1e16, 'g': 0.1, 'none': None,
        'flags': [True, False], 'tuple': (1, 'a'), 'nested': {'a': {}}}]}
    assert json.loads(json_body.dump(body)) == json.loads(_before(body))


def test_what_orjson_refuses_is_encoded_as_before():
    # Integers beyond 64 bits, non-string keys and lone surrogates.
    for body in ({'n': 2 ** 70}, {1: 'a', None: 'b'}, {'x': '\ud800'}):
        assert json_body.dump(body) == jsonutils.dump_as_bytes(body)


def test_unicode_is_written_as_utf8():
    dumped = json_body.dump({'name': '\u00e9'})
    assert dumped.decode('utf-8') == '{"name":"\u00e9"}'
