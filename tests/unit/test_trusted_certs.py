"""Which trusted image certificates a server gets (API 2.63)."""

import datetime
import os

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
from cryptography.x509.oid import NameOID
import pytest

from nova.compute import trusted_certs


def _store(conf, tmp_path, *cert_ids):
    directory = tmp_path / 'certs'
    directory.mkdir(exist_ok=True)
    conf.set_override('trusted_certificates_dir', str(directory),
                      group='glance')
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'test')])
    now = datetime.datetime.now(datetime.timezone.utc)
    pem = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
           .public_key(key.public_key()).serial_number(1)
           .not_valid_before(now)
           .not_valid_after(now + datetime.timedelta(days=1))
           .sign(key, hashes.SHA256())).public_bytes(
               serialization.Encoding.PEM)
    for cert_id in cert_ids:
        (directory / (cert_id + '.pem')).write_bytes(pem)
    return directory


def test_given_certificates_must_be_stored(conf, tmp_path):
    directory = _store(conf, tmp_path, 'a', 'b')
    (directory / 'junk.pem').write_text('not a certificate')
    assert trusted_certs.resolve(['a', 'b'], True) == ['a', 'b']
    for bad in (['a', 'missing'], ['junk'], ['..'], [os.sep + 'etc']):
        with pytest.raises(trusted_certs.CertificateValidationFailed):
            trusted_certs.resolve(bad, True)


def test_none_without_request_or_defaults(conf):
    assert trusted_certs.resolve(None, True) is None


def test_defaults_apply_to_creates_not_to_explicit_null(conf, tmp_path):
    _store(conf, tmp_path, 'd')
    conf.set_override('default_trusted_certificate_ids', ['d'],
                      group='glance')
    assert trusted_certs.resolve(None, True) == ['d']
    assert trusted_certs.resolve(None, True, defaults=False) is None
    assert trusted_certs.resolve(['d'], True) == ['d']


def test_required_validation_refuses_servers_without(conf, tmp_path):
    """With enable_certificate_validation a server must have some."""
    _store(conf, tmp_path, 'd')
    conf.set_override('enable_certificate_validation', True,
                      group='glance')
    with pytest.raises(trusted_certs.CertificatesRequired) as error:
        trusted_certs.resolve(None, True)
    assert error.value.code == 400
    with pytest.raises(trusted_certs.CertificatesRequired):
        trusted_certs.resolve(None, True, defaults=False)
    assert trusted_certs.resolve(['d'], True) == ['d']
    conf.set_override('default_trusted_certificate_ids', ['d'],
                      group='glance')
    assert trusted_certs.resolve(None, True) == ['d']


def test_volume_backed_servers_take_none(conf, tmp_path):
    _store(conf, tmp_path, 'd')
    with pytest.raises(trusted_certs.CertificateValidationFailed) as error:
        trusted_certs.resolve(['d'], False)
    assert 'volume-backed' in error.value.format_message()
    conf.set_override('enable_certificate_validation', True,
                      group='glance')
    conf.set_override('default_trusted_certificate_ids', ['d'],
                      group='glance')
    # Nothing to validate: no image is copied to the host.
    assert trusted_certs.resolve(None, False) is None
