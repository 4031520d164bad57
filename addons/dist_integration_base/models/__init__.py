from . import dist_backend
