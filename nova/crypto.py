"""Key pairs: generating them and fingerprinting public keys."""

import base64
import binascii
import hashlib

from cryptography import exceptions as crypto_exceptions
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization

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
