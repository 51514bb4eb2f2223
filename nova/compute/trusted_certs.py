"""Trusted image certificates (API 2.63): which a server gets, and that
each is one this cloud holds.

The certificates are PEM files in [glance] trusted_certificates_dir,
named <id>.pem: the local stand-in for the key manager upstream asks.
"""

import os

from cryptography import x509

import nova.conf
from nova import exception

CONF = nova.conf.CONF


class CertificateValidationFailed(exception.Invalid):
    msg_fmt = ('Image signature certificate validation failed for '
               'certificate %(cert_id)s: %(reason)s')


class CertificatesRequired(exception.Invalid):
    msg_fmt = ('This cloud requires trusted image certificates: give '
               'trusted_image_certificates (API 2.63 or later).')


def _check_one(cert_id):
    # IDs become file names: nothing that could leave the directory.
    if cert_id in ('.', '..') or os.sep in cert_id or '\0' in cert_id:
        raise CertificateValidationFailed(
            cert_id=cert_id, reason='not a valid certificate ID.')
    path = os.path.join(CONF.glance.trusted_certificates_dir,
                        cert_id + '.pem')
    try:
        with open(path, 'rb') as pem:
            x509.load_pem_x509_certificate(pem.read())
    except OSError:
        raise CertificateValidationFailed(
            cert_id=cert_id, reason='no such certificate is stored.')
    except ValueError:
        raise CertificateValidationFailed(
            cert_id=cert_id, reason='the stored file is not a PEM X.509 '
                                    'certificate.')


def resolve(requested, image_backed, defaults=True):
    """The certificate IDs a server keeps, or None.

    requested: the IDs the request gave (None when it gave none; the
    configured defaults apply, unless defaults is False: a rebuild's
    explicit null removes the certificates). image_backed: whether the
    root disk comes from an image on the host; a volume-backed server
    cannot have its image validated, so it may not ask for certificates.
    """
    explicit = requested is not None
    if explicit:
        certs = list(requested)
    else:
        certs = list(CONF.glance.default_trusted_certificate_ids
                     if defaults else [])
    certs = certs or None
    if not image_backed:
        if explicit:
            raise CertificateValidationFailed(
                cert_id=', '.join(requested),
                reason='image certificate validation is not supported '
                       'for volume-backed servers.')
        return None
    if certs is None:
        if CONF.glance.enable_certificate_validation:
            raise CertificatesRequired()
        return None
    for cert_id in certs:
        _check_one(cert_id)
    return certs
