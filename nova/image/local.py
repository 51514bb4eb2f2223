"""The built-in image store: image rows in the database, bytes in files.

An image's data lives in [glance] images_path/<image id>. Uploads are
written to a temporary file in the same directory and renamed into place
once complete, so a failed upload never leaves a partial image behind.
Uploads are limited in size, per-project storage and free space
(nova.image.limits); a full disk is a 507, never a 500.
"""

import hashlib
import os
import tempfile

from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_utils import timeutils
from oslo_utils import uuidutils

import nova.conf
from nova.db import image_members
from nova.db import images as db
from nova import exception
from nova.image import attributes
from nova.image import limits
from nova.image import qcow2

CONF = nova.conf.CONF
LOG = logging.getLogger(__name__)

CHUNK = 64 * 1024


def _chunks(data):
    """Bytes, a file-like object or an iterable of bytes, as chunks."""
    if isinstance(data, (bytes, bytearray)):
        yield bytes(data)
    elif hasattr(data, 'read'):
        while True:
            chunk = data.read(CHUNK)
            if not chunk:
                return
            yield chunk
    else:
        for chunk in data:
            if chunk:
                yield chunk


def _validate(values, context):
    """Check writable attributes; values are already without Nones."""
    if values.get('visibility') not in (None,) + attributes.VISIBILITIES:
        raise exception.Invalid(reason='Invalid visibility value: %s'
                                % values['visibility'])
    if values.get('visibility') == 'public' and not context.is_admin:
        raise exception.NotAuthorized(
            'Only administrators may make an image public.')
    for key, allowed in (('disk_format', attributes.DISK_FORMATS),
                         ('container_format', attributes.CONTAINER_FORMATS)):
        if values.get(key) is not None and values[key] not in allowed:
            raise exception.Invalid(reason='Invalid %s \'%s\': use one of '
                                           '%s' % (key, values[key],
                                                   ', '.join(allowed)))
    for key in ('min_ram', 'min_disk'):
        if key in values:
            value = values[key]
            if isinstance(value, bool) or not isinstance(value, int) or \
                    value < 0:
                raise exception.Invalid(reason='%s must be an integer >= 0'
                                        % key)
    if values.get('name') is not None and len(values['name']) > 255:
        raise exception.Invalid(reason='name is longer than 255 characters')
    if 'owner' in values and not context.is_admin:
        raise exception.NotAuthorized(
            'Only administrators may change an image\'s owner.')


def _properties(properties):
    return {str(k): None if v is None else str(v)
            for k, v in (properties or {}).items()}


def _db_filters(filters):
    """Facade filters to the database layer's names."""
    result = {}
    properties = {}
    for key, value in (filters or {}).items():
        if key.startswith('property-'):
            properties[key[len('property-'):]] = value
        elif key in ('changes-since', 'changes_since'):
            if isinstance(value, str):
                value = timeutils.normalize_time(
                    timeutils.parse_isotime(value))
            result['changes_since'] = value
        elif key in ('tag', 'tags'):
            result['tags'] = value
        elif key == 'properties':
            properties.update(value)
        else:
            result[key] = value
    if properties:
        result['properties'] = properties
    return result


class LocalStore:
    """get / get_all / create / update / delete / upload / download."""

    def __init__(self, path=None):
        self._path = path

    @property
    def path(self):
        return self._path or CONF.glance.images_path

    def _file(self, image_id):
        return os.path.join(self.path, image_id)

    def get(self, context, image_id):
        return db.image_get(context, image_id)

    def get_all(self, context, filters=None, limit=None, marker=None,
                sort_key='created_at', sort_dir='desc'):
        keys = [sort_key] if isinstance(sort_key, str) else list(sort_key)
        dirs = [sort_dir] if isinstance(sort_dir, str) else list(sort_dir)
        dirs += dirs[-1:] * (len(keys) - len(dirs))
        return db.image_get_all(context, _db_filters(filters), limit=limit,
                                marker=marker, sort_keys=keys,
                                sort_dirs=dirs[:len(keys)])

    def create(self, context, image_meta, data=None):
        """A queued image; active at once when data is given."""
        meta = dict(image_meta)
        image_id = meta.pop('id', None) or uuidutils.generate_uuid()
        if not uuidutils.is_uuid_like(image_id):
            raise exception.Invalid(reason='Image id %s is not a UUID'
                                    % image_id)
        values = {k: meta[k] for k in attributes.WRITABLE
                  if meta.get(k) is not None}
        owner = values.pop('owner', None)
        _validate(values, context)
        now = timeutils.utcnow()
        values.update(id=image_id, status='queued', created_at=now,
                      updated_at=now, owner=owner if context.is_admin and
                      owner else context.project_id)
        values.setdefault('visibility', 'shared')
        image = db.image_create(context, values,
                                properties=_properties(meta.get('properties')),
                                tags=meta.get('tags'))
        if data is not None:
            image = self.upload(context, image_id, data)
        return image

    def update(self, context, image_id, image_meta, purge_props=False):
        """Change what image_meta changes; read-only attributes may repeat
        their current value (callers send back a whole image dict)."""
        current = self.get(context, image_id)
        values = {}
        for key, value in image_meta.items():
            if key in ('properties', 'tags', 'created_at', 'updated_at') or \
                    value == current.get(key):
                continue
            if key in attributes.WRITABLE:
                values[key] = value
            elif key in attributes.READ_ONLY:
                raise exception.NotAuthorized(
                    'Attribute \'%s\' is read-only.' % key)
            else:
                raise exception.Invalid(reason='Unknown image attribute %s'
                                        % key)
        _validate(values, context)
        for key in ('disk_format', 'container_format'):
            if key in values and current['status'] != 'queued':
                raise exception.NotAuthorized(
                    'Attribute %s can be only replaced for a queued image.'
                    % key)
        properties = image_meta.get('properties')
        tags = image_meta.get('tags')
        return db.image_update(
            context, image_id, values,
            properties=None if properties is None else _properties(
                properties),
            purge_props=purge_props,
            tags=None if tags is None else list(tags))

    def delete(self, context, image_id):
        image = self.get(context, image_id)
        if image['protected']:
            raise exception.NotAuthorized(
                'Image %s is protected and cannot be deleted.' % image_id)
        try:
            db.image_destroy(context, image_id)
        except db_exc.DBError:
            # The database may share a full disk with the store: free the
            # image's data first so the row can go.
            LOG.warning('Deleting image %s failed in the database; '
                        'removing its data first and retrying', image_id)
            self._unlink(image_id)
            db.image_destroy(context, image_id)
        self._unlink(image_id)

    def _unlink(self, image_id):
        try:
            os.unlink(self._file(image_id))
        except FileNotFoundError:
            pass

    def deactivate(self, context, image_id):
        """Only the data of an active image can be switched off; the
        owner or an administrator may (Glance's default policy)."""
        self._switch(context, image_id, 'active', 'deactivated')

    def reactivate(self, context, image_id):
        self._switch(context, image_id, 'deactivated', 'active')

    def _switch(self, context, image_id, source, target):
        image = self.get(context, image_id)
        if image['status'] == target:
            return
        if image['status'] != source:
            raise exception.NotAuthorized(
                'Not allowed to %s image in status \'%s\': only a%s %s '
                'image can be.' % ('deactivate' if target == 'deactivated'
                                   else 'reactivate', image['status'],
                                   'n' if source == 'active' else '', source))
        # Conditional on the status seen: a parallel change wins (409).
        db.image_update(context, image_id, {'status': target},
                        expected_status=source)

    def add_tag(self, context, image_id, tag):
        db.image_tag_add(context, image_id, tag)

    def remove_tag(self, context, image_id, tag):
        db.image_tag_delete(context, image_id, tag)

    # Image members (sharing): the rules are nova.db.image_members'.
    def list_members(self, context, image_id):
        return image_members.member_list(context, image_id)

    def get_member(self, context, image_id, member_id):
        return image_members.member_get(context, image_id, member_id)

    def add_member(self, context, image_id, member_id):
        return image_members.member_create(context, image_id, member_id)

    def update_member(self, context, image_id, member_id, status):
        return image_members.member_update(context, image_id, member_id,
                                           status)

    def remove_member(self, context, image_id, member_id):
        image_members.member_delete(context, image_id, member_id)

    def upload(self, context, image_id, data, size=None):
        """Store a queued image's bytes; the image becomes active.

        size, the length the client declared, lets the limits refuse an
        upload before anything is read or changed.
        """
        os.makedirs(self.path, exist_ok=True)
        meter = limits.UploadMeter(context, self.path, declared=size)
        image = db.image_update(context, image_id, {'status': 'saving'},
                                expected_status='queued')
        final = self._file(image_id)
        try:
            summary = self._write(data, final, image['disk_format'], meter)
        except BaseException as error:
            self._reset_status(context, image_id)
            full = limits.store_full(error)
            if full is not None:
                LOG.warning('Upload of image %s failed: %s', image_id, error)
                raise full from error
            raise
        try:
            return db.image_update(context, image_id, dict(
                summary, status='active'), expected_status='saving')
        except BaseException:
            # Deleted (or reset) while we wrote: the bytes belong to no one.
            os.unlink(final)
            raise

    def _write(self, data, final, disk_format, meter):
        md5 = hashlib.md5(usedforsecurity=False)
        sha512 = hashlib.sha512()
        size = 0
        head = b''
        fd, temp = tempfile.mkstemp(dir=self.path,
                                    prefix='.%s.' % os.path.basename(final))
        try:
            with os.fdopen(fd, 'wb') as out:
                for chunk in _chunks(data):
                    meter.add(len(chunk))
                    out.write(chunk)
                    md5.update(chunk)
                    sha512.update(chunk)
                    size += len(chunk)
                    if len(head) < 512:
                        head += chunk[:512 - len(head)]
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, final)
        except BaseException:
            os.unlink(temp)
            raise
        return {'size': size, 'checksum': md5.hexdigest(),
                'os_hash_algo': 'sha512', 'os_hash_value': sha512.hexdigest(),
                'virtual_size': _virtual_size(disk_format, head, size)}

    def _reset_status(self, context, image_id):
        # Like Glance: a failed upload leaves the image queued for a retry.
        try:
            db.image_update(context, image_id, {'status': 'queued'},
                            expected_status='saving')
        except exception.NovaException:
            LOG.warning('Could not reset image %s to queued after a failed '
                        'upload', image_id)

    def download(self, context, image_id):
        """An iterator of the image's bytes; ImageNotActive without data."""
        image = self.get(context, image_id)
        if image['status'] == 'deactivated' and not context.is_admin:
            raise exception.NotAuthorized(
                'The requested image has been deactivated. Image data '
                'download is forbidden.')
        if image['status'] not in ('active', 'deactivated'):
            raise exception.ImageNotActive(image_id=image_id)
        try:
            handle = open(self._file(image_id), 'rb')
        except FileNotFoundError:
            raise exception.ImageNotFound(
                message='The data of image %s is missing from the store.'
                % image_id)
        return _read(handle)


def _virtual_size(disk_format, head, size):
    if disk_format == 'qcow2':
        return qcow2.virtual_size(head)
    if disk_format in ('raw', 'iso'):
        return size
    return None


def _read(handle):
    with handle:
        while True:
            chunk = handle.read(CHUNK)
            if not chunk:
                return
            yield chunk
