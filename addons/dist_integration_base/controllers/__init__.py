from . import health
from . import api
from . import metrics
