"""A local service: the Python API over HTTP (FastAPI), runs in worker processes, a dashboard.

``borderlever serve`` starts it on the loopback address.  :func:`create_app` builds the app for a
:class:`ServiceConfig` (where runs are kept, the store, the limits, an optional bearer token).
"""

from borderlever.service.app import create_app
from borderlever.service.config import Limits, ServiceConfig

__all__ = ["Limits", "ServiceConfig", "create_app"]
