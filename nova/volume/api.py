"""The volume API every caller uses, on the backend the config chooses.

Both backends take the same calls and return Cinder-v3-shaped dicts:

  get, get_all, create, update, delete, extend, upload_to_image,
  get_snapshot, get_all_snapshots, create_snapshot, delete_snapshot,
  get_all_volume_types,
  attachment_create, attachment_update (-> connection_info),
  attachment_complete, attachment_delete, begin_detaching, roll_detaching,
  reimage (Cinder's os-reimage: the volume is 'downloading' until its
  data is the image's, then back in its status, or 'error'),
  check_reimage (a Conflict when the service cannot reimage)

[volume] backend = builtin uses nova-volume (nova.volume.builtin),
cinder a Cinder v3 endpoint (nova.volume.cinder).
"""

import nova.conf

CONF = nova.conf.CONF


def API(remote=False):
    """The volume API; remote=True for processes without a database."""
    if CONF.volume.backend == 'cinder':
        from nova.volume import cinder
        return cinder.API()
    from nova.volume import builtin
    return builtin.RemoteAPI() if remote else builtin.API()
