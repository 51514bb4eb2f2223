"""An OpenStack-compatible compute cloud."""

import warnings

from nova import threads_only

# oslo.service imports eventlet for its optional backend; we never use it.
warnings.filterwarnings('ignore', module='oslo_service')
warnings.filterwarnings('ignore', message='.*[Ee]ventlet.*')

threads_only.install()
