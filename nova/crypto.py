"""Key pairs: generating them and fingerprinting public keys."""

import base64
import binascii
import datetime
import hashlib

from cryptography import exceptions as crypto_exceptions
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509 import oid

from nova import exception


def fingerprint(public_key):
    """MD5 of the decoded OpenSSH key, colon-separated hex (as ssh-keygen
    -E md5 shows it); InvalidKeypair when it is no OpenSSH public key."""
    try:
        serialization.load_ssh_public_key(public_key.strip().encode())
        blob = base64.b64decode(public_key.split()[1], validate=True)
    except (ValueError, IndexError, binascii.Error, UnicodeError,
            crypto_exceptions.UnsupportedAlgorithm):
        raise exception.InvalidKeypair(
            reason='failed to generate fingerprint')
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))


def generate_key_pair():
    """A new 2048-bit RSA key: (private PEM, OpenSSH public key)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()
    return private, public + ' Generated-by-Nova'


def x509_fingerprint(certificate):
    """SHA-1 of the certificate's DER form, colon-separated hex (as
    upstream shows x509 key pairs); InvalidKeypair when it is no PEM
    certificate."""
    try:
        cert = x509.load_pem_x509_certificate(certificate.strip().encode())
    except (ValueError, UnicodeError):
        raise exception.InvalidKeypair(
            reason='failed to generate X509 fingerprint')
    digest = cert.fingerprint(hashes.SHA1()).hex()  # nosec: an identifier
    return ':'.join(digest[i:i + 2] for i in range(0, len(digest), 2))


def generate_x509_key_pair(user_id, days=3650):
    """A new RSA key and a self-signed client certificate naming user_id
    (what WinRM certificate login wants): (private PEM, certificate PEM)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(oid.NameOID.COMMON_NAME, user_id)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.ExtendedKeyUsage(
                [oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .sign(key, hashes.SHA256()))
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()).decode()
    return private, cert.public_bytes(serialization.Encoding.PEM).decode()
