"""Backup rotation: keep the newest `rotation` backups of a server's type.

Backups are images with properties image_type=backup, instance_uuid and
backup_type (daily, weekly, ...). After each new backup, the ones beyond
the rotation count are deleted, oldest first; a rotation of 0 keeps none.
"""

from nova import exception


def excess(backups, rotation, newest_id=None):
    """Ids of the backups a rotation deletes, given image dicts.

    Newest first by created_at; the backup just made (newest_id) counts
    as the newest even when the clock gives others the same timestamp.
    """
    ordered = sorted(
        backups, key=lambda image: (image['id'] == newest_id,
                                    image['created_at']), reverse=True)
    return [image['id'] for image in ordered[max(rotation, 0):]]


def rotate(context, images, instance_uuid, backup_type, rotation,
           newest_id=None):
    """Delete the backups of instance_uuid and backup_type beyond rotation;
    returns the ids deleted. images: a nova.image.api.API."""
    backups = images.get_all(context, filters={
        'property-image_type': 'backup',
        'property-instance_uuid': instance_uuid,
        'property-backup_type': backup_type})
    deleted = []
    for image_id in excess(backups, rotation, newest_id):
        try:
            images.delete(context, image_id)
        except exception.ImageNotFound:
            continue  # rotated away by a backup that ran alongside
        deleted.append(image_id)
    return deleted
