"""The console proxies' server: a browser's websocket (websockify),
authorized by a console token, bridged to the guest's console on its
compute host.

Before the websocket handshake the proxy checks the token (the 'token'
query parameter, or noVNC's 'token' cookie), that it names a console
kind this proxy serves, and the Origin header; a refusal is an HTTP 403
with the reason as its status text (and no body). The noVNC proxy also
serves the noVNC web client's files.
"""

import http.cookies
import http.server
import os
import socket
import socketserver
import ssl
import threading
import urllib.parse

from oslo_log import log as logging
from websockify import websocketproxy

from nova.console import securityproxy
from nova import context as nova_context
import nova.conf
from nova import exception
from nova import objects

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

# A client that opens a connection but never speaks holds a thread.
_HANDSHAKE_SECONDS = 30
_TLS_FIRST_BYTES = (0x16, 0x80)  # a TLS (or SSLv2-style) ClientHello
_SCHEMES = {'http': ('http', 'ws'), 'https': ('https', 'wss'),
            'ws': ('http', 'ws'), 'wss': ('https', 'wss')}


class Refused(Exception):
    """The websocket is not opened; the message says why."""


def token_of(path, headers):
    """The console token a request carries, or None."""
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    token = (query.get('token') or [None])[0]
    if not token:
        # Older noVNC pages move the token into a cookie.
        cookies = http.cookies.SimpleCookie()
        try:
            cookies.load(headers.get('Cookie') or '')
        except http.cookies.CookieError:
            return None
        if 'token' in cookies:
            token = cookies['token'].value
    return token or None


def check_origin(headers, base_url, allowed_origins):
    """Refuse a browser page from elsewhere: the Origin header (when
    sent; non-browser clients send none) must name the host the client
    connected to or an allowed origin, with the scheme of base_url."""
    origin = headers.get('Origin')
    if origin is None:
        return
    parsed = urllib.parse.urlsplit(origin)
    # A TLS-terminating proxy in front says the browser's scheme.
    scheme = headers.get('X-Forwarded-Proto') or parsed.scheme
    if not parsed.hostname or not scheme:
        raise Refused('Origin header not valid.')
    host = urllib.parse.urlsplit('//%s' % (headers.get('Host') or '')
                                 ).hostname
    if parsed.hostname not in list(allowed_origins) + [host]:
        raise Refused('Origin header does not match this host.')
    expected = _SCHEMES.get(urllib.parse.urlsplit(base_url).scheme, ())
    if scheme not in expected:
        raise Refused('Origin header protocol does not match this host.')


class ProxyRequestHandler(websocketproxy.ProxyRequestHandler):
    """One client connection: the web client's files or a console."""

    def handle(self):
        # SimpleHTTPRequestHandler serves files from self.directory.
        self.directory = self.server.web or os.devnull
        super().handle()

    def handle_upgrade(self):
        try:
            self.console = self._authorize()
        except Refused as refusal:
            LOG.info('%s console refused to %s: %s', self.server.name,
                     self.client_address[0], refusal)
            self._refuse(str(refusal))
            return
        # A console stays open as long as its user wants.
        self.connection.settimeout(None)
        super().handle_upgrade()

    def _refuse(self, reason):
        """A 403 with the reason as its status text, no body, and the
        connection closed: a websocket client reads nothing after the
        answer (Tempest's test_novnc_bad_token reads any body as data the
        proxy sent), as with upstream's proxy, which closes at once."""
        self.send_response(403, reason)
        self.send_header('Connection', 'close')
        self.send_header('Content-Length', '0')
        self.end_headers()
        self.close_connection = True

    def _authorize(self):
        token = token_of(self.path, self.headers)
        if token is None:
            raise Refused('No console token given.')
        try:
            console = objects.ConsoleAuthToken.validate(
                nova_context.get_admin_context(), token)
        except exception.InvalidToken:
            raise Refused('The console token is invalid or has expired.')
        if console.console_type not in self.server.console_types:
            raise Refused('The console token is not for a %s console.'
                          % self.server.name)
        check_origin(self.headers, self.server.base_url,
                     CONF.console.allowed_origins)
        return console

    def new_websocket_client(self):
        console = self.console
        LOG.info('%s console of instance %s: connecting to %s:%s',
                 self.server.name, console.instance_uuid, console.host,
                 console.port)
        try:
            target = socket.create_connection((console.host, console.port),
                                              timeout=_HANDSHAKE_SECONDS)
        except OSError as error:
            LOG.warning('Console of instance %s unreachable at %s:%s: %s',
                        console.instance_uuid, console.host, console.port,
                        error)
            raise self.CClose(1011, 'Failed to connect to the console')
        try:
            if console.internal_access_path:
                self._tunnel(target, console.internal_access_path)
            target.settimeout(None)
            target.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.server.security_proxy is not None:
                tenant = securityproxy.TenantSock(self)
                try:
                    target = self.server.security_proxy.connect(tenant,
                                                                target)
                except securityproxy.SecurityProxyNegotiationFailed as e:
                    raise self.CClose(1000, str(e))
                if tenant.leftover():
                    target.sendall(tenant.leftover())
            self.do_proxy(target)
        finally:
            try:
                target.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            target.close()

    def _tunnel(self, target, path):
        """A console behind an HTTP CONNECT endpoint on the host."""
        target.sendall(('CONNECT %s HTTP/1.1\r\n\r\n' % path).encode())
        answer = b''
        while b'\r\n\r\n' not in answer:
            chunk = target.recv(4096)
            if not chunk:
                break
            answer += chunk
        if answer.split(b'\r\n', 1)[0].split()[1:2] != [b'200']:
            raise self.CClose(1011, 'The console endpoint refused CONNECT')

    def log_message(self, format, *args):
        LOG.debug('%s %s: %s', self.server.name, self.client_address[0],
                  format % args)


def _tls_context():
    """The proxies' TLS context, or None when cert is not there."""
    if not os.path.exists(CONF.cert):
        if CONF.ssl_only:
            raise SystemExit('ssl_only is set but the certificate %s does '
                             'not exist' % CONF.cert)
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CONF.cert, CONF.key or None)
    if CONF.console.ssl_ciphers:
        context.set_ciphers(CONF.console.ssl_ciphers)
    minimum = {'tlsv1_2': ssl.TLSVersion.TLSv1_2,
               'tlsv1_3': ssl.TLSVersion.TLSv1_3}.get(
        CONF.console.ssl_minimum_version)
    if minimum:
        context.minimum_version = minimum
    return context


class ProxyServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """A console proxy on host:port, one thread per client; start() and
    stop() as every unit of a nova console script.

    name: the kind, in logs and refusals ('noVNC', 'serial');
    console_types: the token console types it accepts; base_url: the
    public URL users get (the scheme the Origin must have); web: the
    directory of web client files served, None for websocket only.
    """

    daemon_threads = True
    allow_reuse_address = True
    # Attributes websockify's handler reads.
    only_upgrade = False
    verbose = False
    daemon = True
    record = ''
    run_once = False
    handler_id = 0
    file_only = True  # no directory listings
    traffic = False
    web_auth = False
    host_token = False
    token_plugin = None
    auth_plugin = None
    heartbeat = None
    unix_listen = None

    def __init__(self, name, host, port, console_types, base_url, web=None,
                 security_proxy=None):
        self.name = name
        self.console_types = console_types
        self.base_url = base_url
        self.web = web
        self.only_upgrade = web is None
        self.security_proxy = security_proxy
        self.logger = LOG.logger
        self.tls = _tls_context()
        self._thread = None
        super().__init__((host, port), ProxyRequestHandler)

    @property
    def port(self):
        return self.server_address[1]

    def finish_request(self, request, client_address):
        request.settimeout(_HANDSHAKE_SECONDS)
        try:
            if self.tls is not None or CONF.ssl_only:
                first = request.recv(1, socket.MSG_PEEK)
                if first and first[0] in _TLS_FIRST_BYTES and self.tls:
                    request = self.tls.wrap_socket(request,
                                                   server_side=True)
                elif CONF.ssl_only:
                    LOG.info('%s proxy: non-TLS connection from %s refused '
                             '(ssl_only)', self.name, client_address[0])
                    return
            self.RequestHandlerClass(request, client_address, self)
        except (OSError, ssl.SSLError) as error:
            LOG.debug('%s proxy: connection from %s ended: %s', self.name,
                      client_address[0], error)
        finally:
            request.close()

    def start(self):
        self._thread = threading.Thread(target=self.serve_forever,
                                        name='console-%s' % self.name,
                                        daemon=True)
        self._thread.start()
        LOG.info('%s console proxy listening on %s:%s%s', self.name,
                 self.server_address[0], self.port,
                 ' (TLS)' if self.tls else '')

    def stop(self):
        self.shutdown()
        self.server_close()
        if self._thread:
            self._thread.join(timeout=5)


def novnc_proxy():
    """nova-novncproxy's server, per the [vnc] options."""
    web = CONF.web
    if web and not os.path.isdir(web):
        LOG.warning('No noVNC web client at %s (install Debian\'s novnc '
                    'package or set [DEFAULT] web): only websockets are '
                    'served', web)
        web = None
    return ProxyServer('noVNC', CONF.vnc.novncproxy_host,
                       CONF.vnc.novncproxy_port, ('novnc',),
                       CONF.vnc.novncproxy_base_url, web=web)


def serial_proxy():
    """nova-serialproxy's server, per the [serial_console] options."""
    return ProxyServer('serial', CONF.serial_console.serialproxy_host,
                       CONF.serial_console.serialproxy_port, ('serial',),
                       CONF.serial_console.base_url)
