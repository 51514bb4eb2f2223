"""ImageMeta: what the compute service needs to know of an image."""

from oslo_versionedobjects import fields

from nova.objects import base


@base.NovaObjectRegistry.register
class ImageMeta(base.NovaObject):
    VERSION = '1.0'

    fields = {
        'id': fields.UUIDField(nullable=True),
        'name': fields.StringField(nullable=True),
        'status': fields.StringField(nullable=True),
        'size': fields.IntegerField(nullable=True),
        'min_ram': fields.IntegerField(default=0),
        'min_disk': fields.IntegerField(default=0),
        'disk_format': fields.StringField(nullable=True),
        'container_format': fields.StringField(nullable=True),
        'checksum': fields.StringField(nullable=True),
        'properties': fields.DictOfNullableStringsField(default={}),
    }

    @classmethod
    def from_dict(cls, image):
        """Build from an image service dict (Glance v2 shape)."""
        meta = cls()
        for name in cls.fields:
            if name != 'properties' and image.get(name) is not None:
                setattr(meta, name, image[name])
        meta.properties = {k: None if v is None else str(v)
                           for k, v in image.get('properties', {}).items()}
        meta.obj_reset_changes()
        return meta
