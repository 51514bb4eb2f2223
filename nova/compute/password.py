"""A server's encrypted admin password, kept in its system metadata.

The guest (through the metadata service) posts its password encrypted
with the user's public key; the API shows it back to the owner. As
upstream, it is split into 255-character chunks in the system metadata
keys password_0 .. password_3.
"""

CHUNKS = 4
CHUNK_LENGTH = 255
MAX_LENGTH = CHUNKS * CHUNK_LENGTH


def _key(index):
    return 'password_%d' % index


def extract(system_metadata):
    """The stored password ('' when none)."""
    return ''.join(system_metadata.get(_key(i)) or '' for i in range(CHUNKS))


def as_system_metadata(password):
    """The system metadata items holding password (None clears it)."""
    password = password or ''
    if len(password) > MAX_LENGTH:
        raise ValueError('An encrypted password is at most %d characters'
                         % MAX_LENGTH)
    return {_key(i): password[i * CHUNK_LENGTH:(i + 1) * CHUNK_LENGTH]
            for i in range(CHUNKS)}


def store(instance, password):
    """Save password (None: clear it) in the instance's system metadata.

    instance needs its system_metadata loaded (or lazy-loadable).
    """
    system_metadata = dict(instance.system_metadata)
    system_metadata.update(as_system_metadata(password))
    instance.system_metadata = system_metadata
    instance.save()
