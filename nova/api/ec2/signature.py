"""EC2 request signatures: Signature Version 2 and Signature Version 4.

parse() reads who signed a request and how; Signed.expected(secret)
computes the signature the holder of secret would have sent, so the
local credential store compares it and Keystone gets the same facts.
"""

import base64
import datetime
import hashlib
import hmac
import re
from urllib import parse

from nova.api.ec2 import faults

V4_ALGORITHM = 'AWS4-HMAC-SHA256'
_V4_AUTH = re.compile(
    r'^AWS4-HMAC-SHA256\s+Credential=(?P<credential>[^,\s]+),\s*'
    r'SignedHeaders=(?P<headers>[^,\s]+),\s*Signature=(?P<signature>[0-9a-f]+)'
    r'\s*$')


def _quote(value):
    return parse.quote(str(value), safe='-_.~')


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def parse_time(value):
    """An aware datetime from ISO 8601 or the compact SigV4 form."""
    for fmt in ('%Y%m%dT%H%M%SZ', '%Y-%m-%dT%H:%M:%SZ',
                '%Y-%m-%dT%H:%M:%S.%fZ', '%Y-%m-%dT%H:%M:%S'):
        try:
            return datetime.datetime.strptime(value, fmt).replace(
                tzinfo=datetime.timezone.utc)
        except (TypeError, ValueError):
            continue
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise faults.auth_failure('Invalid request time %r.' % value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed


class Signed:
    """What a signed request claims; expected() recomputes its signature."""

    version = None

    def __init__(self, access, signature):
        self.access = access
        self.signature = signature

    def matches(self, secret):
        expected = self.expected(secret)
        return any(hmac.compare_digest(e, self.signature) for e in expected)


class SignedV2(Signed):
    version = 2

    def __init__(self, req, params):
        super().__init__(params.get('AWSAccessKeyId'),
                         params.get('Signature', ''))
        self.method = req.method
        self.host = req.host.lower()
        self.path = req.path or '/'
        self.params = {k: v for k, v in params.items() if k != 'Signature'}
        method = params.get('SignatureMethod', 'HmacSHA256')
        if method not in ('HmacSHA256', 'HmacSHA1'):
            raise faults.auth_failure(
                'Unsupported SignatureMethod %s.' % method)
        self.digest = hashlib.sha256 if method == 'HmacSHA256' else \
            hashlib.sha1
        if self.params.get('Timestamp'):
            self.time = parse_time(self.params['Timestamp'])
            self.expires = None
        elif self.params.get('Expires'):
            self.time = None
            self.expires = parse_time(self.params['Expires'])
        else:
            raise faults.auth_failure('The request has neither Timestamp '
                                      'nor Expires.')

    def string_to_sign(self, host):
        query = '&'.join('%s=%s' % (_quote(k), _quote(v))
                         for k, v in sorted(self.params.items()))
        return '\n'.join((self.method, host, self.path, query))

    def _hosts(self):
        # Some clients sign the host without the port they connect to.
        hosts = [self.host]
        if ':' in self.host:
            hosts.append(self.host.rsplit(':', 1)[0])
        return hosts

    def expected(self, secret):
        return [base64.b64encode(hmac.new(
            secret.encode(), self.string_to_sign(h).encode(),
            self.digest).digest()).decode() for h in self._hosts()]


class SignedV4(Signed):
    version = 4

    def __init__(self, req, params, match):
        credential = match.group('credential').split('/')
        if len(credential) != 5 or credential[4] != 'aws4_request':
            raise faults.auth_failure('Malformed SigV4 credential scope.')
        super().__init__(credential[0], match.group('signature'))
        self.scope = '/'.join(credential[1:])
        self.date, self.region, self.service = credential[1:4]
        self.signed_headers = match.group('headers').split(';')
        self.method = req.method
        self.path = req.path or '/'
        self.query = req.query_string
        self.body = req.body if req.method == 'POST' else b''
        self.headers = {}
        for name in self.signed_headers:
            value = req.headers.get(name)
            if value is None:
                raise faults.auth_failure(
                    'Signed header %s is missing.' % name)
            self.headers[name] = ' '.join(value.strip().split())
        amz_date = req.headers.get('X-Amz-Date') or req.headers.get('Date')
        self.time = parse_time(amz_date)
        self.expires = None

    def _canonical_query(self):
        pairs = parse.parse_qsl(self.query, keep_blank_values=True)
        return '&'.join('%s=%s' % (_quote(k), _quote(v))
                        for k, v in sorted(pairs))

    def canonical_request(self):
        headers = ''.join('%s:%s\n' % (name, self.headers[name])
                          for name in self.signed_headers)
        return '\n'.join((
            self.method, parse.quote(self.path, safe='/~'),
            self._canonical_query(), headers, ';'.join(self.signed_headers),
            self.body_hash()))

    def body_hash(self):
        return _sha256(self.body)

    def string_to_sign(self):
        amz_date = self.time.strftime('%Y%m%dT%H%M%SZ')
        return '\n'.join((V4_ALGORITHM, amz_date, self.scope,
                          _sha256(self.canonical_request().encode())))

    def expected(self, secret):
        key = _hmac(('AWS4' + secret).encode(), self.date)
        for part in (self.region, self.service, 'aws4_request'):
            key = _hmac(key, part)
        return [hmac.new(key, self.string_to_sign().encode(),
                         hashlib.sha256).hexdigest()]


def parse_request(req, params):
    """The Signed claim of a request; AuthFailure when it is unsigned."""
    authorization = req.headers.get('Authorization', '')
    if authorization.startswith(V4_ALGORITHM):
        match = _V4_AUTH.match(authorization)
        if not match:
            raise faults.auth_failure('Malformed Authorization header.')
        return SignedV4(req, params, match)
    if params.get('Signature') and params.get('AWSAccessKeyId'):
        if params.get('SignatureVersion', '2') != '2':
            raise faults.auth_failure('Only signature versions 2 and 4 '
                                      'are supported.')
        return SignedV2(req, params)
    raise faults.EC2Error('MissingAuthenticationToken',
                          'The request must be signed (SigV2 or SigV4).',
                          status=401)


def check_time(signed, expiry_seconds, now=None):
    """AuthFailure when the request is too old or from the future."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    if signed.expires is not None:
        if now > signed.expires:
            raise faults.auth_failure('The request has expired.')
        return
    if abs((now - signed.time).total_seconds()) > expiry_seconds:
        raise faults.auth_failure(
            'The request time %s is more than %d seconds away from the '
            'server time %s.' % (signed.time.isoformat(), expiry_seconds,
                                 now.replace(microsecond=0).isoformat()))
