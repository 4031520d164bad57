from . import health
from . import api
