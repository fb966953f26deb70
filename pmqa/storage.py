"""Static files in production: WhiteNoise's compressed, hashed files once `collectstatic` has run; the plain files
of the source tree until then, so a service started without it still works (with a warning) instead of failing
every page. The settings let WhiteNoise serve from the source tree in that case (WHITENOISE_USE_FINDERS)."""

import logging

from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)


class StaticStorage(CompressedManifestStaticFilesStorage):
    warned = False

    def url(self, name, force=False):
        if not self.hashed_files and not force:  # no staticfiles.json: collectstatic has not run
            if not StaticStorage.warned:
                StaticStorage.warned = True
                logger.warning(
                    "Static files are served unhashed from the source tree: run `manage.py collectstatic` for "
                    "hashed, compressed files that browsers may cache."
                )
            return StaticFilesStorage.url(self, name)
        return super().url(name, force)
