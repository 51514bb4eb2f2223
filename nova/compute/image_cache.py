"""Aggregate image caching on a compute host (API 2.81).

POST /os-aggregates/{id}/images casts the image ids to each host of the
aggregate; the host has its driver fetch each one into its image cache,
so that a later boot of many servers does not wait for the download.
Upstream reports progress as notifications; here the log tells it.
"""

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class ImageCacheMixin:
    """The compute RPC method (1.11) caching images."""

    def cache_images(self, context, image_ids):
        fetched, present, failed = [], [], []
        for image_id in image_ids:
            try:
                cached_now = self.driver.cache_image(context, image_id)
            except NotImplementedError:
                LOG.info('The driver of host %s keeps no image cache; '
                         'images %s not cached', self.host, image_ids)
                return
            except Exception:
                LOG.exception('Could not cache image %s on host %s',
                              image_id, self.host)
                failed.append(image_id)
                continue
            (fetched if cached_now else present).append(image_id)
        LOG.info('Image cache of host %s: fetched %s, already there %s, '
                 'failed %s', self.host, fetched, present, failed)
